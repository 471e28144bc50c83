"""Fixtures of the Sphinx tests: the fixture corpus, built once per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def make_project(destination: Path) -> Path:
    """Copy the fixture corpus and the project's conf.py into ``destination``."""
    shutil.copytree(HERE / "project", destination)
    shutil.copy(REPO / "conf.py", destination / "conf.py")
    return destination


def sphinx_build(root: Path, language: str, *options: str) -> subprocess.CompletedProcess:
    """Run ``sphinx-build`` on ``root`` for ``language`` into ``root/_build/html/LANG``."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={language}",
         "-d", str(root / "_build" / "doctrees" / language), *options,
         str(root), str(root / "_build" / "html" / language)],
        cwd=root, capture_output=True, text=True)


@pytest.fixture
def new_project(tmp_path) -> Path:
    """A fresh copy of the fixture corpus with the project's conf.py."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def build_language():
    """The function building one language of a project with sphinx-build."""
    return sphinx_build


@pytest.fixture(scope="session")
def english_site(tmp_path_factory) -> Path:
    """The fixture corpus built in English with ``-W``: the output folder."""
    root = make_project(tmp_path_factory.mktemp("english") / "project")
    done = sphinx_build(root, "en", "-W")
    assert done.returncode == 0, done.stderr
    return root / "_build" / "html" / "en"
