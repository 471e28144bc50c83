"""Time what the books (a PDF and an ePub per language) add to ``lore build``.

On copies of the project (conf.py, howto/, examples/, locale/), in one run:

1. full build: ``lore build`` (site, PDF and ePub of every language) against
   ``lore build --formats html`` (the sites alone), each from nothing, interleaved, best of
   ``--rounds``; the ratio is what the books cost (the issue's bound: at most 1.60);
2. no-op rebuild of every format (the issue's bound: under one second);
3. one French entry changed: which languages were built again, and which published files of
   the site changed (the French page, the French PDF and ePub; Sphinx's generated pages).

Usage: ``python benchmarks/books.py [--rounds N] [--smallest]`` (``--smallest``: the Sphinx
tests' fixture corpus in English and French, one round: a check that the benchmark runs).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lore.catalogs import catalog as po

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "sphinx" / "project"
COPIED = ("howto", "examples", "locale")
LORE = str(Path(sys.executable).parent / "lore")


def copy_project(destination: Path, pages: Path) -> Path:
    """Copy the pages, listings and catalogs of ``pages`` and the project's conf.py."""
    destination.mkdir()
    shutil.copy(REPO / "conf.py", destination / "conf.py")
    for name in COPIED:
        if (pages / name).is_dir():
            shutil.copytree(pages / name, destination / name,
                            ignore=shutil.ignore_patterns("qps", "*.mo"))
    return destination


def lore_build(root: Path, *options: str) -> tuple[float, float, str]:
    """Run ``lore build`` in ``root``; return its wall time, its CPU time (with its children's,
    which a busy machine does not inflate as it does the wall time) and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([LORE, "build", *options], cwd=root, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"lore build {' '.join(options)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def published(site: Path) -> dict[str, str]:
    """Return the digest of every published file, by path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


def change_one_french_entry(root: Path) -> str:
    """Change one translated French paragraph that belongs to one page; return that page."""
    path = root / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(path)
    entry = next(e for e in catalog.active if e.translated and not e.fuzzy
                 and len(e.documents) == 1 and "<" not in e.msgid and e.kind.endswith("<p>"))
    entry.msgstr += " (bis)"
    po.write(catalog, path)
    return entry.documents[0]


def main() -> None:
    """Print the figures and the ratios the issue bounds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smallest", action="store_true")
    args = parser.parse_args()
    pages, rounds = (FIXTURE, 1) if args.smallest else (REPO, args.rounds)
    languages = ["--lang", "en", "--lang", "fr"] if args.smallest else []
    html_times: list[tuple[float, float]] = []
    full_times: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for formats, times in (("html", html_times), ("html,pdf,epub", full_times)):
                root = copy_project(Path(tmp) / f"{formats}-{round_}", pages)
                times.append(lore_build(root, "--formats", formats, *languages)[:2])
        root = Path(tmp) / f"html,pdf,epub-{rounds - 1}"
        noop, noop_cpu, _ = lore_build(root, *languages)
        site = root / "_build" / "html"
        before = published(site)
        page = change_one_french_entry(root)
        one, _, printed = lore_build(root, *languages)
        after = published(site)
    (html, html_cpu), (full, full_cpu) = min(html_times), min(full_times)
    rebuilt = [line.split("]")[0] + "]" for line in printed.splitlines()
               if line.endswith("building")]
    changed = sorted(name for name in after if after[name] != before.get(name))
    project = "the Sphinx tests' fixture (en, fr)" if args.smallest else "lore (6 languages)"
    print(f"project: {project}, best of {rounds}")
    print(f"full build:     all formats {full:6.2f} s  html only {html:6.2f} s  "
          f"ratio {full / html:4.2f}  (books add {100 * (full / html - 1):.0f}%; bound: 60%)")
    print(f"  CPU time:     all formats {full_cpu:6.2f} s  html only {html_cpu:6.2f} s  "
          f"ratio {full_cpu / html_cpu:4.2f}")
    print(f"no-op rebuild:  all formats {noop:6.2f} s, CPU {noop_cpu:.2f} s  (bound: under 1 s)")
    print(f"one French entry of {page} changed: {one:.2f} s; built again: {' '.join(rebuilt)}; "
          f"published files changed: {len(changed)}")
    for name in changed:
        print(f"  {name}")


if __name__ == "__main__":
    main()
