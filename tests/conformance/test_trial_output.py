"""trial's output on refreactor is Twisted's: ``python -m refreactor.trial NAME`` and
``python -m twisted.trial NAME`` run the same samples (``trial_samples/``) and print the same
report, with the same exit status.

What is masked on both sides before comparing: the timing of the ``Ran`` line, object
addresses, the description of a pending DelayedCall (its time), and traceback frames (each
side's frames inside its own library differ; the exception line under them is compared, as
are the frames' presence only through it).
"""

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "trial_samples"
TIMEOUT = 120

RUNS = {
    "every outcome, tree": ["outcomes"],
    "every outcome, text": ["--reporter=text", "outcomes"],
    "all passing": ["passing"],
    "a package": ["pkg"],
    "one method by dotted name": ["pkg.test_alpha.Alpha.test_two"],
    "a class and a file path": ["pkg.test_alpha.Beta", "pkg/sub/test_gamma.py"],
}

_FRAME = re.compile(r'^  File ".*", line \d+, in .*\n(?:    .*\n)?', re.MULTILINE)
_MASKS = [
    (re.compile(r"^Ran (\d+) tests in \d+\.\d{3}s$", re.MULTILINE), r"Ran \1 tests in T"),
    (re.compile(r"<DelayedCall 0x[0-9a-f]+ (?:\[[^\]]*\]|at [0-9.]+) "), "<DelayedCall WHEN "),
    (re.compile(r"0x[0-9a-f]+"), "0xADDR"),
    (re.compile(r"^Failure: ", re.MULTILINE), ""),
]


def normalized(output: str) -> str:
    """``output`` with what legitimately varies masked."""
    output = _FRAME.sub("", output)
    for pattern, replacement in _MASKS:
        output = pattern.sub(replacement, output)
    return output


def _trial(module: str, args: list[str], workdir: Path) -> subprocess.CompletedProcess:
    shutil.copytree(SAMPLES, workdir)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_trial_output_matches_twisted(args: list[str], tmp_path: Path) -> None:
    """Same report (masked) and exit status as Twisted's trial."""
    ours = _trial("refreactor.trial", args, tmp_path / "ref")
    oracle = _trial("twisted.trial", args, tmp_path / "twisted")
    assert "Ran " in oracle.stdout, oracle.stderr
    expected, actual = normalized(oracle.stdout), normalized(ours.stdout)
    if expected != actual or ours.returncode != oracle.returncode:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            actual.splitlines(keepends=True),
                                            "twisted", "refreactor"))
        pytest.fail(f"outputs differ (exit status: twisted {oracle.returncode}, refreactor "
                    f"{ours.returncode}):\n{diff}\n--- refreactor stderr ---\n{ours.stderr}")


def test_the_samples_cover_each_kind_of_outcome(tmp_path: Path) -> None:
    """The oracle's report on the samples has every status the comparison relies on."""
    report = _trial("twisted.trial", ["outcomes"], tmp_path / "twisted").stdout
    for status in ("[OK]", "[FAIL]", "[ERROR]", "[SKIPPED]", "[TODO]", "[SUCCESS!?!]",
                   "DirtyReactorAggregateError", "still running at 0.2 secs",
                   "FAILED (skips=", "expectedFailures=", "unexpectedSuccesses="):
        assert status in report
