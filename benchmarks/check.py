"""Time ``lore check --strict`` (safety errors and quality warnings) on all the project's catalogs
against translate-toolkit's ``pofilter`` (all its default checks) on the same catalogs.

Both run as the command a translator types, one process for every catalog, so lore's figure
includes its start-up. Goal: lore under 1 s. lore's figure is the best of ROUNDS runs (a busy
machine only slows a run down), pofilter runs once; the ratio is pofilter's time over lore's.
Usage: ``python benchmarks/check.py [ROUNDS | --smallest]`` (default 5; ``--smallest``: one
round, the smallest run, as tests/test_benchmarks.py runs every benchmark).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _measure import rounds_argument, timed

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOAL = 1.0


def pofilter_command() -> str:
    """translate-toolkit's pofilter: the venv's, else Debian's."""
    found = BIN / "pofilter"
    return str(found) if found.exists() else (shutil.which("pofilter") or "pofilter")


def main() -> None:
    """Time both tools on every catalog of the project; print times, ratio and the goal."""
    rounds = rounds_argument(__doc__.splitlines()[0])
    catalogs = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    entries = sum(path.read_text(encoding="utf-8").count("\nmsgid ") for path in catalogs)
    lore = min(timed([[str(BIN / "lore"), "check", "--strict", *map(str, catalogs)]], ROOT,
                     accept=None) for _ in range(rounds))
    with tempfile.TemporaryDirectory(prefix="lore-bench-check-") as scratch:
        source = Path(scratch, "in")
        for path in catalogs:
            copy = source / path.relative_to(ROOT / "locale")
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, copy)
        peer = timed([[pofilter_command(), "--progress=none", "-i", str(source), "-o",
                       str(Path(scratch, "out"))]], ROOT, accept=None)
    print(f"check {len(catalogs)} catalogs ({entries} entries): "
          f"{', '.join(p.parts[-3] for p in catalogs)}")
    print(f"  {'lore check --strict (best of ' + str(rounds) + ')':<36} {lore[0]:6.2f} s wall "
          f"{lore[1]:6.2f} s CPU  (goal < {GOAL:g} s: {'met' if lore[0] < GOAL else 'MISSED'})")
    print(f"  {'pofilter (translate-toolkit)':<36} {peer[0]:6.2f} s wall {peer[1]:6.2f} s CPU")
    print(f"  {'ratio (pofilter / lore)':<36} {peer[0] / lore[0]:6.1f}x wall "
          f"{peer[1] / lore[1]:5.1f}x CPU")


if __name__ == "__main__":
    main()
