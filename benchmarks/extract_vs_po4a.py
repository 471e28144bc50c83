"""Time ``lore extract`` against po4a and translate-toolkit on the twisted-core corpus.

Each tool runs as a whole process (start-up included), on the same 58 documents, in one run;
the best of several interleaved rounds is kept. Every run starts from no output at all, so no
tool merges into (or compares with) what an earlier round wrote.
Usage: ``python benchmarks/extract_vs_po4a.py [ROUNDS]`` (5 rounds by default; 1 is the
smallest run, a check that the benchmark runs).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import Times, best_each, timed

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "twisted-core"


def documents() -> list[str]:
    """The corpus documents relative to its folder, in ``LC_ALL=C`` order."""
    paths = (str(p.relative_to(CORPUS)) for p in (CORPUS / "howto").rglob("*.xhtml"))
    return sorted(paths, key=str.encode)


def run_once(command: list[str], out: Path) -> Times:
    """Run ``command`` in the corpus folder, ``out`` emptied first; its wall and CPU time."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    return timed([command], CORPUS)


def commands(out: Path) -> dict[str, list[str]]:
    """The three extractors, each writing one template of the whole corpus into ``out``."""
    bin_dir = Path(sys.executable).parent
    po4a = ["po4a-updatepo", "-f", "xhtml", "-M", "utf-8", "-p", str(out / "po4a.pot")]
    for document in documents():
        po4a += ["-m", document]
    html2po = shutil.which("html2po", path=str(bin_dir)) or "html2po"
    return {
        "lore extract": [str(bin_dir / "lore"), "extract", "-o", str(out / "lore.pot"), "howto"],
        "po4a-updatepo": po4a,
        "html2po": [html2po, "-P", "--progress=none", "howto", str(out / "html2po")],
    }


def compile_lore() -> None:
    """Write lore's bytecode, as a regular install does: timing lore compiling itself from
    source (an editable install under PYTHONDONTWRITEBYTECODE) would measure the compiler."""
    package = Path(__file__).resolve().parents[1] / "tools" / "lore"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    """Print each tool's time and lore's speed-up over each peer."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    compile_lore()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        times = best_each({name: functools.partial(run_once, command, out)
                           for name, command in commands(out).items()}, rounds)
    print(f"twisted-core corpus: {len(documents())} documents, best of {rounds} runs each")
    print(f"  {'':15} {'wall':>9} {'cpu':>9}")
    for name, (wall, cpu) in times.items():
        print(f"  {name:15} {wall * 1000:6.0f} ms {cpu * 1000:6.0f} ms")
    lore_wall, lore_cpu = times["lore extract"]
    for peer, goal in (("po4a-updatepo", 15), ("html2po", 3)):
        wall, cpu = times[peer]
        print(f"lore vs {peer:14} {wall / lore_wall:5.1f}x faster (wall), "
              f"{cpu / lore_cpu:5.1f}x (cpu); goal {goal}x")


if __name__ == "__main__":
    main()
