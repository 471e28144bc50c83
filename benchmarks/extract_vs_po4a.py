"""Time ``lore extract`` against po4a and translate-toolkit on the twisted-core corpus.

Each tool runs as a whole process (start-up included), on the same 58 documents, in one run;
the best of several interleaved rounds is kept. Every run starts from no output at all, so no
tool merges into (or compares with) what an earlier round wrote.
Usage: ``python benchmarks/extract_vs_po4a.py [ROUNDS]`` (5 rounds by default; 1 is the
smallest run, a check that the benchmark runs).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "twisted-core"


def documents() -> list[str]:
    """The corpus documents relative to its folder, in ``LC_ALL=C`` order."""
    paths = (str(p.relative_to(CORPUS)) for p in (CORPUS / "howto").rglob("*.xhtml"))
    return sorted(paths, key=str.encode)


def run_once(command: list[str], out: Path) -> tuple[float, float]:
    """Run ``command`` in the corpus folder, ``out`` emptied first; return its wall time and
    CPU time (user + system, which a busy machine disturbs less than wall time)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=CORPUS, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_times(commands: dict[str, list[str]], out: Path,
               rounds: int) -> dict[str, tuple[float, float]]:
    """Run every command once per round, taking turns, so that a busy spell of the machine
    slows them all alike; return each one's fastest wall and CPU time."""
    best = {name: (float("inf"), float("inf")) for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            wall, cpu = run_once(command, out)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


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
        times = best_times(commands(out), out, rounds)
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
