"""Time ``lore translate`` against ``po4a-translate`` on the twisted-core corpus; ``lore update``.

Both translators apply the same pseudo catalog (every message translated) to the 58 documents in
one run: lore as one process for the whole corpus, po4a-translate as po4a runs it, one process
per document. Their outputs are then compared document by document (canonical XML, whitespace
runs collapsed outside ``pre``). Last, ``lore update`` merges the corpus template into five
fully translated catalogs, next to GNU ``msgmerge`` doing the same. lore's figures are the best
of 3 runs (it takes a second); the peers run once (po4a takes most of a minute).
Usage: ``python benchmarks/translate_vs_po4a.py [--smallest]`` (``--smallest``: 3 documents, one
catalog, one round; it checks that the benchmark runs, its figures mean nothing).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "catalog"))

from catalog_support import CORPUS, CORPUS_TEMPLATE, canonical, corpus_documents  # noqa: E402
from lore.catalogs import catalog  # noqa: E402

LORE = str(Path(sys.executable).parent / "lore")

class Size:
    """How much each comparison does: the full corpus, or the smallest run that still runs."""

    def __init__(self, smallest: bool) -> None:
        self.documents = corpus_documents()[:3] if smallest else corpus_documents()
        self.languages = ["fr"] if smallest else ["fr", "de", "ja", "es", "pt_BR"]
        self.changed = 20 if smallest else 400
        self.rounds = 1 if smallest else 3


def timed(commands: list[list[str]], cwd: Path) -> tuple[float, float]:
    """Run the commands one after the other; return the wall time and the CPU time they took.

    The CPU time (user + system of the child processes) is the figure to trust on a machine
    that other jobs keep busy.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_of(rounds: int, commands: list[list[str]], cwd: Path) -> tuple[float, float]:
    """The fastest of several runs (wall time), with its CPU time."""
    return min(timed(commands, cwd) for _ in range(rounds))


def show(label: str, lore: tuple[float, float], peer_label: str, peer: tuple[float, float],
         goal: str = "") -> None:
    """Print both tools' wall and CPU times and the ratios."""
    print(f"  {label:<36} {lore[0]:7.2f} s wall {lore[1]:7.2f} s CPU")
    print(f"  {peer_label:<36} {peer[0]:7.2f} s wall {peer[1]:7.2f} s CPU")
    print(f"  {'ratio (peer / lore)':<36} {peer[0] / lore[0]:7.1f}x wall {peer[1] / lore[1]:6.1f}x"
          f" CPU{goal}")


def compare_translators(work: Path, size: Size) -> None:
    """Translate the corpus with both tools; print times, ratio and matching documents."""
    catalog = work / "qps.po"
    subprocess.run([LORE, "pseudo", "--template", str(CORPUS_TEMPLATE), "--catalog",
                    str(catalog)], cwd=work, check=True, capture_output=True)
    documents = size.documents
    lore_out, po4a_out = work / "lore", work / "po4a"
    for doc in documents:
        (po4a_out / doc).parent.mkdir(parents=True, exist_ok=True)
    lore = best_of(size.rounds, [[LORE, "translate", "--lang", "qps", "--catalog", str(catalog),
                                  "--keep", "0", "--include-code", "-o", str(lore_out),
                                  *documents]], CORPUS)
    po4a = timed([["po4a-translate", "-f", "xhtml", "-m", doc, "-p", str(catalog), "-l",
                   str(po4a_out / doc), "-k", "0", "-M", "utf-8", "-L", "utf-8"]
                  for doc in documents], CORPUS)
    equal = sum(canonical((lore_out / d).read_text("utf-8"), d)
                == canonical((po4a_out / d).read_text("utf-8"), d) for d in documents)
    print(f"translate {len(documents)} documents, pseudo catalog of 2470 messages:")
    show("lore translate (1 process)", lore, "po4a-translate (1 per document)", po4a,
         "  (goal >= 30x)")
    print(f"  {'documents equal to po4a (C14N)':<36} {equal:7d} of {len(documents)}")


def compare_updates(work: Path, size: Size) -> None:
    """Merge the template into five translated catalogs with lore update and with msgmerge."""
    project = work / "project"
    (project / "locale").mkdir(parents=True)
    languages = size.languages
    (project / "conf.py").write_text(f"lore_languages = {languages!r}\n", encoding="utf-8")
    shutil.copy(CORPUS_TEMPLATE, project / "locale" / "howto.pot")
    for lang in languages:
        subprocess.run([LORE, "pseudo", lang], cwd=project, check=True, capture_output=True)
    catalogs = [project / "locale" / lang / "LC_MESSAGES" / "howto.po" for lang in languages]
    lore = best_of(size.rounds, [[LORE, "update"]], project)
    gnu = timed([["msgmerge", "-q", "--previous", "-o", str(po.with_suffix(".gnu.po")), str(po),
                  "locale/howto.pot"] for po in catalogs], project)
    print(f"update {len(languages)} catalogs of 2470 translated messages "
          f"({', '.join(languages)}):")
    show("lore update (1 process)", lore, "msgmerge (1 per catalog)", gnu)
    edit_template(project / "locale" / "howto.pot", size.changed)
    gnu = timed([["msgmerge", "-q", "--previous", "-o", str(po.with_suffix(".gnu.po")), str(po),
                  "locale/howto.pot"] for po in catalogs], project)
    lore = timed([[LORE, "update"]], project)
    print(f"the same after {size.changed} messages of the template changed (fuzzy matching):")
    show("lore update (1 process)", lore, "msgmerge (1 per catalog)", gnu)


def edit_template(path: Path, count: int) -> None:
    """Change the first ``count`` msgids of a template a little (a word edited, one added)."""
    template = catalog.read(path)
    for entry in template.entries[:count]:
        entry.msgid = entry.msgid.replace("e", "E", 1) + " now"
    catalog.write(template)


def main() -> None:
    """Run both comparisons in a scratch folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smallest", action="store_true", help="the smallest run (a check)")
    size = Size(parser.parse_args().smallest)
    with tempfile.TemporaryDirectory(prefix="lore-bench-") as scratch:
        compare_translators(Path(scratch), size)
        compare_updates(Path(scratch), size)


if __name__ == "__main__":
    main()
