"""Without ../shared the tests that need it skip, saying why; under CI=true the run fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def clone_without_shared(tmp_path: Path) -> Path:
    """A project folder holding this suite's root conftest and two tests, with no ../shared."""
    tests = tmp_path / "clone" / "tests"
    tests.mkdir(parents=True)
    (tests.parent / "pytest.ini").write_text("[pytest]\n")
    shutil.copy(HERE / "conftest.py", tests / "conftest.py")
    (tests / "test_two.py").write_text(
        "import pytest\n\n\n@pytest.mark.shared('corpus/twisted-core')\n"
        "def test_needs_the_corpus():\n    raise AssertionError('ran without the corpus')\n\n\n"
        "def test_needs_nothing():\n    pass\n")
    return tests.parent


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs",
                           "tests"], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


def test_without_shared_the_marked_tests_skip_and_say_what_is_missing(tmp_path):
    clone = clone_without_shared(tmp_path)
    done = run_pytest(clone, None)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout
    assert f"{tmp_path / 'shared' / 'corpus' / 'twisted-core'} is missing" in done.stdout
    assert "checked out beside the project" in done.stdout


def test_under_ci_a_missing_shared_fails_the_run(tmp_path):
    clone = clone_without_shared(tmp_path)
    done = run_pytest(clone, "true")
    assert done.returncode != 0
    assert f"CI=true but {tmp_path / 'shared'} is missing" in done.stdout + done.stderr
    assert "1 passed" not in done.stdout
