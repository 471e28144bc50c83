"""Time ``lore build`` (the site of every language) against plain ``sphinx-build`` runs.

On a copy of the project (conf.py, howto/, examples/, locale/), in one run:

1. full build: ``lore build`` (one sphinx-build process per language, in parallel) against the
   peer, one ``sphinx-build`` per language one after the other; the CPU time of the children
   over the wall time shows how many cores the build kept busy;
2. no-op rebuild: ``lore build`` again, nothing changed, against a ``sphinx-build`` of every
   language (Sphinx's own incremental check);
3. one-entry rebuild: one French catalog entry changes (a pseudo-translated stand-in serves
   while the French catalog has no translation); ``lore build`` again, and how many
   pages built from source documents were written (Sphinx also rewrites its generated
   pages, genindex, search and the status page, every time it runs; counted apart);
4. the shared twisted-core tree (58 real Lore howtos, ``../shared/corpus/twisted-core``) as a
   project of its own, English and the pseudo-locale: a full ``lore build`` against one
   ``sphinx-build`` per language, then the no-op rebuild of each. The tree has warnings
   (links out of the tree, API names refreactor lacks, odd markup): both sides build without
   ``-W`` (``lore build --allow-warnings``).

Usage: ``python benchmarks/build.py [--smallest]`` (``--smallest``: the three pages of the
Sphinx tests' fixture corpus in English and French, and four pages of the twisted-core tree in
English: a check that the benchmark runs, not figures).
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

from lore.catalogs import catalog as po
from lore.site.build import sphinx_command

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus" / "twisted-core"
SHARED_LANGUAGES = ["en", "qps"]
SHARED_CONF = """\
project = "Twisted core howtos"
extensions = ["lore.sphinx"]
source_suffix = {".xhtml": "lore-xhtml"}
root_doc = "howto/index"
exclude_patterns = ["_build", "locale", "expected"]
lore_corpus = ["howto", "examples/index.xhtml"]
lore_languages = []
lore_untranslated_pre_classes = ["python", "python-interpreter", "shell"]
lore_api_baseurl = "https://docs.twisted.org/en/stable/api/%s.html"
"""
COPIED = ("conf.py", "howto", "examples", "locale")
GENERATED = ("genindex.html", "search.html", "lore-status.html", "py-modindex.html",
             "index.html")


def copy_project(destination: Path, pages: Path = REPO) -> Path:
    """Copy what the site is built from (the pages, listings and catalogs of ``pages``, and the
    project's conf.py) into ``destination``."""
    destination.mkdir()
    for name in COPIED:
        source = REPO / name if name == "conf.py" else pages / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("qps", "*.mo"))
        elif source.is_file():
            shutil.copy(source, destination / name)
    return destination


def shared_project(destination: Path, smallest: bool = False) -> Path:
    """Copy the twisted-core tree into ``destination`` as a lore project (``smallest``: only
    its index and first three pages; the links to the others are warnings, allowed here)."""
    shutil.copytree(SHARED, destination, ignore=shutil.ignore_patterns("expected"))
    (destination / "conf.py").write_text(SHARED_CONF, encoding="utf-8")
    if smallest:
        pages = sorted((destination / "howto").rglob("*.xhtml"))
        kept = [destination / "howto" / "index.xhtml"] + [p for p in pages if p.parent.name
                                                           == "howto"][:3]
        for page in set(pages) - set(kept):
            page.unlink()
    return destination


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command``; return its wall time and the CPU time of the processes it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def lore_build(root: Path, *options: str) -> tuple[float, float]:
    """Run ``lore build`` in ``root``, the sites alone as the peer builds them (the books'
    cost is ``benchmarks/books.py``'s)."""
    return timed([str(Path(sys.executable).parent / "lore"), "build", "--formats", "html",
                  *options], root)


def sphinx_each(root: Path, out: Path, languages: list[str],
                strict: bool = True) -> tuple[float, float]:
    """Run one ``sphinx-build`` per language, one after the other; return wall and CPU time."""
    times = [timed(sphinx_command(root, out, lang, strict), root) for lang in languages]
    return sum(wall for wall, _ in times), sum(cpu for _, cpu in times)


def page_times(site: Path) -> dict[str, int]:
    """The modification time of every HTML page of a language's site."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")
            if "_sources" not in p.parts}


def single_page_entries(catalog: po.Catalog) -> list[po.Entry]:
    """The translated French paragraphs of plain text that belong to one page.

    A paragraph, not a title: a new title would rightly rewrite the pages listing it too.
    """
    return [e for e in catalog.active if e.translated and not e.fuzzy
            and len(e.documents) == 1 and "<" not in e.msgid and e.kind.endswith("<p>")]


def french_catalog(root: Path) -> Path:
    """Return the French catalog, made a complete stand-in when it has no translation yet."""
    path = root / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    if not path.is_file() or not single_page_entries(po.read(path)):
        subprocess.run([str(Path(sys.executable).parent / "lore"), "extract"], cwd=root,
                       check=True, capture_output=True)
        subprocess.run([str(Path(sys.executable).parent / "lore"), "pseudo", "fr"], cwd=root,
                       check=True, capture_output=True)
    return path


def change_one_entry(path: Path) -> str:
    """Change one translated French entry of a single page; return that page."""
    catalog = po.read(path)
    entry = single_page_entries(catalog)[0]
    entry.msgstr += " (bis)"
    po.write(catalog, path)
    return entry.documents[0]


def language_options(languages: list[str]) -> list[str]:
    """``lore build``'s options building exactly ``languages``."""
    return [option for lang in languages for option in ("--lang", lang)]


def shared_tree(tmp: Path, languages: list[str], smallest: bool) -> dict[str, float]:
    """Build the twisted-core tree: lore build and the peer, full and no-op, interleaved."""
    peer = shared_project(tmp / "shared-peer", smallest)
    lore_build(peer, "--lang", "en", "--allow-warnings")  # its catalogs and API pages
    shutil.rmtree(peer / "_build")
    root = shared_project(tmp / "shared-lore", smallest)
    peer_out = peer / "_build" / "html"
    options = ["--allow-warnings", *language_options(languages)]  # the tree has no catalogs
    figures = {"pages": len(list((root / "howto").rglob("*.xhtml")))}
    figures["peer_full"], figures["peer_cpu"] = sphinx_each(peer, peer_out, languages,
                                                            strict=False)
    figures["full"], figures["cpu"] = lore_build(root, *options)
    figures["peer_noop"], _ = sphinx_each(peer, peer_out, languages, strict=False)
    figures["noop"], _ = lore_build(root, *options)
    return figures


def main() -> None:
    """Print the figures and lore's ratio to the peer for each."""
    from lore import config
    from lore.site.languages import site_languages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smallest", action="store_true", help="the smallest run (a check)")
    smallest = parser.parse_args().smallest
    languages = site_languages(config.load(REPO / "conf.py").languages)
    shared_languages = SHARED_LANGUAGES
    pages = REPO
    if smallest:
        languages, shared_languages = ["en", "fr"], ["en"]
        pages = REPO / "tests" / "sphinx" / "project"
    options = language_options(languages) if smallest else []  # else every language of conf.py
    with tempfile.TemporaryDirectory() as tmp:
        peer = copy_project(Path(tmp) / "peer", pages)
        french_catalog(peer)
        subprocess.run([str(Path(sys.executable).parent / "lore"), "build", "--lang", "en"],
                       cwd=peer, check=True, capture_output=True)  # catalogs and API pages
        shutil.rmtree(peer / "_build")
        peer_out = peer / "_build" / "html"
        peer_full, peer_cpu = sphinx_each(peer, peer_out, languages)
        peer_noop, _ = sphinx_each(peer, peer_out, languages)

        root = copy_project(Path(tmp) / "lore", pages)
        french = french_catalog(root)
        full, cpu = lore_build(root, *options)
        noop, _ = lore_build(root, *options)
        page = change_one_entry(french)
        before = page_times(root / "_build" / "html" / "fr")
        one, _ = lore_build(root, *options)
        after = page_times(root / "_build" / "html" / "fr")
        shared = shared_tree(Path(tmp), shared_languages, smallest)
    written = sorted(name for name in after if after[name] != before.get(name))
    documents = [name for name in written if name not in GENERATED]
    print(f"languages: {', '.join(languages)}")
    print(f"full build:      lore build {full:6.2f} s  sphinx-build each {peer_full:6.2f} s"
          f"  ratio {peer_full / full:4.2f}x  (CPU {cpu:.2f} s vs {peer_cpu:.2f} s: "
          f"{cpu / full:.2f} vs {peer_cpu / peer_full:.2f} cores busy)")
    print(f"no-op rebuild:   lore build {noop:6.2f} s  sphinx-build each {peer_noop:6.2f} s"
          f"  ratio {peer_noop / noop:4.2f}x  (goal: under 2 s)")
    print(f"one-entry (fr):  lore build {one:6.2f} s  entry of {page}; pages written from "
          f"documents: {len(documents)} {documents}; generated pages rewritten: "
          f"{len(written) - len(documents)}")
    print(f"twisted-core ({', '.join(shared_languages)}, {shared['pages']} howtos, "
          "warnings allowed):")
    print(f"  full build:    lore build {shared['full']:6.2f} s  sphinx-build each "
          f"{shared['peer_full']:6.2f} s  ratio {shared['peer_full'] / shared['full']:4.2f}x  "
          f"(CPU {shared['cpu']:.2f} s vs {shared['peer_cpu']:.2f} s)")
    print(f"  no-op rebuild: lore build {shared['noop']:6.2f} s  sphinx-build each "
          f"{shared['peer_noop']:6.2f} s  ratio {shared['peer_noop'] / shared['noop']:4.2f}x  "
          f"(goal: under 1 s)")


if __name__ == "__main__":
    main()
