"""Conformance: each program in programs/ prints the same transcript on refreactor and Twisted.

Every ``programs/*.py`` runs twice, as ``python -m refreactor PROGRAM`` and as plain
``python PROGRAM`` (real Twisted, the oracle); the two standard outputs and exit codes must
be equal. To cover more behaviour, drop another program in ``programs/``: it must use only
``twisted.*`` names and print nothing that varies between runs (no port numbers, no PIDs,
no timings).
"""

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAMS = sorted((Path(__file__).parent / "programs").glob("*.py"))
TIMEOUT = 60


def _run(argv: list[str], workdir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(argv, capture_output=True, text=True, cwd=workdir, env=env,
                          timeout=TIMEOUT)


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_transcript_matches_twisted(program: Path, tmp_path: Path) -> None:
    """The program's transcript under refreactor equals its transcript under Twisted."""
    (tmp_path / "ref").mkdir()
    (tmp_path / "twisted").mkdir()
    ours = _run([sys.executable, "-m", "refreactor", str(program)], tmp_path / "ref")
    oracle = _run([sys.executable, str(program)], tmp_path / "twisted")
    assert oracle.stdout.strip(), f"the program printed nothing under Twisted:\n{oracle.stderr}"
    if ours.stdout != oracle.stdout or ours.returncode != oracle.returncode:
        diff = "".join(difflib.unified_diff(
            oracle.stdout.splitlines(keepends=True), ours.stdout.splitlines(keepends=True),
            "twisted", "refreactor"))
        pytest.fail(f"transcripts differ (exit codes: twisted {oracle.returncode}, "
                    f"refreactor {ours.returncode}):\n{diff}\n"
                    f"--- refreactor stderr ---\n{ours.stderr[-3000:]}")
