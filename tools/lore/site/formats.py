"""One language of the site in every format asked, in one process: ``python -m lore.site.formats``.

The HTML site is built first (``sphinx-build -b html``); the PDF (``lore-pdf``) and the ePub
(``epub``) are built after it in the same process from the same environment, so the pages
are parsed and translated once and Python, Sphinx and the extension are loaded once. Each
book is written in a scratch folder beside the staging one and moved into it when it built.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

FORMATS = ("html", "pdf", "epub")
BUILDERS = {"pdf": "lore-pdf", "epub": "epub"}


def sphinx_options(root: Path, doctrees: Path, language: str, formats: list[str],
                   strict: bool) -> list[str]:
    """Return the ``sphinx-build`` options every format of ``language`` is built with."""
    return [*(["-W"] if strict else []), "--keep-going", "-q", "-N",
            "-D", f"language={language}", "-D", f"lore_formats={','.join(formats)}",
            "-d", str(doctrees), str(root)]


def build_book(options: list[str], format: str, staging: Path) -> bool:
    """Build one book into a scratch folder; move the file into ``staging`` if it built."""
    from sphinx.cmd.build import build_main

    work = Path(tempfile.mkdtemp(prefix=f".{staging.name}-{format}-", dir=staging.parent))
    try:
        if build_main(["-b", BUILDERS[format], *options, str(work)]) != 0:
            return False
        books = list(work.glob(f"*.{format}"))
        if len(books) != 1:
            sys.stderr.write(f"{format}: the builder wrote {len(books)} .{format} files\n")
            return False
        books[0].replace(staging / books[0].name)
        return True
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build(root: Path, staging: Path, doctrees: Path, language: str, formats: list[str],
          strict: bool) -> int:
    """Build the HTML site of ``language`` into ``staging``, then its books; 0 if all built."""
    from sphinx.cmd.build import build_main

    options = sphinx_options(root, doctrees, language, formats, strict)
    if build_main(["-b", "html", *options, str(staging)]) != 0:
        return 1
    for format in BUILDERS:
        if format not in formats:  # not built this time: not linked, so not kept
            for stale in staging.glob(f"*.{format}"):
                stale.unlink()
    failed = [format for format in BUILDERS if format in formats
              and not build_book(options, format, staging)]
    if failed:
        sys.stderr.write(f"[{language}] not built: {', '.join(failed)}\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments ``lore build`` gives and build."""
    parser = argparse.ArgumentParser(prog="python -m lore.site.formats")
    parser.add_argument("root", type=Path)
    parser.add_argument("staging", type=Path)
    parser.add_argument("doctrees", type=Path)
    parser.add_argument("language")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--allow-warnings", action="store_true")
    args = parser.parse_args(argv)
    return build(args.root, args.staging, args.doctrees, args.language,
                 args.formats.split(","), not args.allow_warnings)


if __name__ == "__main__":
    raise SystemExit(main())
