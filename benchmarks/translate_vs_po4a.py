"""Time ``lore translate`` against ``po4a-translate`` on the twisted-core corpus; ``lore update``.

Both translators apply the same pseudo catalog (every message translated) to the 58 documents in
one run: lore as one process for the whole corpus, po4a-translate as po4a runs it, one process
per document. Their outputs are then compared document by document (canonical XML, whitespace
runs collapsed outside ``pre``). Last, ``lore update`` merges the corpus template into five
fully translated catalogs, next to GNU ``msgmerge`` doing the same.
Usage: ``python benchmarks/translate_vs_po4a.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "catalog"))

from catalog_support import CORPUS, CORPUS_TEMPLATE, canonical, corpus_documents  # noqa: E402

LORE = str(Path(sys.executable).parent / "lore")
LANGUAGES = ["fr", "de", "ja", "es", "pt_BR"]


def timed(commands: list[list[str]], cwd: Path) -> float:
    """Run the commands one after the other; return the total wall time."""
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def compare_translators(work: Path) -> None:
    """Translate the corpus with both tools; print times, ratio and matching documents."""
    catalog = work / "qps.po"
    subprocess.run([LORE, "pseudo", "--template", str(CORPUS_TEMPLATE), "--catalog",
                    str(catalog)], cwd=work, check=True, capture_output=True)
    documents = corpus_documents()
    lore_out, po4a_out = work / "lore", work / "po4a"
    for doc in documents:
        (po4a_out / doc).parent.mkdir(parents=True, exist_ok=True)
    lore = timed([[LORE, "translate", "--lang", "qps", "--catalog", str(catalog), "--keep", "0",
                   "--include-code", "-o", str(lore_out), "howto"]], CORPUS)
    po4a = timed([["po4a-translate", "-f", "xhtml", "-m", doc, "-p", str(catalog), "-l",
                   str(po4a_out / doc), "-k", "0", "-M", "utf-8", "-L", "utf-8"]
                  for doc in documents], CORPUS)
    equal = sum(canonical((lore_out / d).read_text("utf-8"), d)
                == canonical((po4a_out / d).read_text("utf-8"), d) for d in documents)
    print(f"translate {len(documents)} documents, pseudo catalog of 2470 messages:")
    print(f"  lore translate (1 process)          {lore:8.2f} s")
    print(f"  po4a-translate (1 per document)     {po4a:8.2f} s")
    print(f"  ratio po4a/lore                     {po4a / lore:8.1f}x  (goal >= 30x)")
    print(f"  documents equal to po4a's (C14N)    {equal:5d} of {len(documents)}")


def compare_updates(work: Path) -> None:
    """Merge the template into five translated catalogs with lore update and with msgmerge."""
    project = work / "project"
    (project / "locale").mkdir(parents=True)
    (project / "conf.py").write_text(f"lore_languages = {LANGUAGES!r}\n", encoding="utf-8")
    shutil.copy(CORPUS_TEMPLATE, project / "locale" / "howto.pot")
    for lang in LANGUAGES:
        subprocess.run([LORE, "pseudo", lang], cwd=project, check=True, capture_output=True)
    catalogs = [project / "locale" / lang / "LC_MESSAGES" / "howto.po" for lang in LANGUAGES]
    lore = timed([[LORE, "update"]], project)
    gnu = timed([["msgmerge", "-q", "--previous", "-o", str(po.with_suffix(".gnu.po")), str(po),
                  "locale/howto.pot"] for po in catalogs], project)
    print(f"update 5 catalogs of 2470 translated messages ({', '.join(LANGUAGES)}):")
    print(f"  lore update (1 process)             {lore:8.2f} s")
    print(f"  msgmerge (1 per catalog)            {gnu:8.2f} s")
    print(f"  ratio msgmerge/lore                 {gnu / lore:8.1f}x")


def main() -> None:
    """Run both comparisons in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="lore-bench-") as scratch:
        compare_translators(Path(scratch))
        compare_updates(Path(scratch))


if __name__ == "__main__":
    main()
