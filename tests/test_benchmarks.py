"""Every benchmark runs to its end at its smallest size, so none can rot unnoticed.

(``benchmarks/_*.py`` are not benchmarks but the helpers they share.)

Their figures are not judged here (the README gives them, from full runs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
# What each benchmark needs beyond lore: (the part of ../shared it reads, the peer programs).
NEEDS = {
    "extract_vs_po4a.py": ("corpus/twisted-core", ["po4a-updatepo", "html2po"]),
    "translate_vs_po4a.py": ("corpus/twisted-core", ["po4a-translate", "msgmerge"]),
    "build.py": ("corpus/twisted-core", []),
    "serve_reload.py": (None, ["chromium"]),
}
SMALLEST = {"extract_vs_po4a.py": ["1"]}  # its rounds; the others take --smallest


def marks(name: str) -> list[pytest.MarkDecorator]:
    shared, programs = NEEDS.get(name, (None, []))
    found = [pytest.mark.shared(shared)] if shared else []
    venv = str(Path(sys.executable).parent)
    missing = [p for p in programs if not (shutil.which(p) or shutil.which(p, path=venv))]
    if missing:
        found.append(pytest.mark.skip(reason=f"needs {', '.join(missing)} (.ci/run installs it)"))
    return found


@pytest.mark.parametrize("script", [pytest.param(p.name, marks=marks(p.name))
                                    for p in sorted(BENCHMARKS.glob("[!_]*.py"))])
def test_the_benchmark_runs_at_its_smallest_size(script):
    arguments = SMALLEST.get(script, ["--smallest"])
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *arguments],
                          cwd=BENCHMARKS.parent, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip()


def test_the_reactor_benchmark_runs_without_twisted(tmp_path):
    # A twisted package that cannot be imported: the benchmark compares the others.
    (tmp_path / "twisted").mkdir()
    (tmp_path / "twisted" / "__init__.py").write_text("raise ImportError('no Twisted here')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, str(BENCHMARKS / "reactor.py"), "--smallest",
                           "echo_1x20000", "timers_100000"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "twisted" not in done.stdout.splitlines()[0]
    assert "relative to refreactor" in done.stdout
