"""The ``lore lint`` sub-command: check pages, print findings as ruff does, exit 1 on any."""

from __future__ import annotations

import argparse
import functools
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lore import config
from lore.argparsing import HelpFormatter
from lore.lint.codes import CODES, selected

if TYPE_CHECKING:
    from lore.lint.api import ApiCheck

LINT_EXAMPLES = """\
examples:
  lore lint                              the corpus of conf.py (lore_corpus)
  lore lint howto/time.xhtml             one page
  lore lint --select L0 --ignore L003    Lore's own checks, without the quote check
  lore lint --select L102,L103 docs/     only links and API references, below docs/

hlint="off" on an element silences every finding on it and inside it. Exit status: 0 when
nothing is found, 1 when something is, 2 on bad usage.

codes:
""" + "\n".join(f"  {code}  {meaning}" for code, meaning in CODES.items()) + f"""
  ({next(iter(CODES))} is reported whatever --select and --ignore say.)
"""


def code_prefixes(value: str) -> list[str]:
    """Parse ``L0,L102``: prefixes of known codes (or ``ALL``), as ruff's --select takes."""
    prefixes = [part.strip() for part in value.split(",") if part.strip()]
    for prefix in prefixes:
        if prefix != "ALL" and not any(code.startswith(prefix) for code in CODES):
            raise argparse.ArgumentTypeError(f"{prefix!r} is no code's prefix "
                                             f"(codes: {', '.join(CODES)})")
    return prefixes


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``lore lint`` to the ``lore`` parser."""
    parser = sub.add_parser(
        "lint",
        help="check pages for what Lore's lint checked, broken links, code and API names",
        description="Check Lore XHTML pages; print each finding as path:line:col: CODE message.",
        epilog=LINT_EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a page, or a folder searched for *.xhtml (default: lore_corpus of conf.py)",
    )
    parser.add_argument("--select", type=code_prefixes, action="extend", default=[],
                        metavar="CODES", help="check only codes starting with these "
                        "(comma-separated; default: ALL)")
    parser.add_argument("--ignore", type=code_prefixes, action="extend", default=[],
                        metavar="CODES", help="skip codes starting with these (comma-separated)")
    parser.add_argument("--no-cache", action="store_true",
                        help="parse every snippet and listing and resolve every API name "
                        "again, ignoring what the last run kept (in ~/.cache/lore)")
    parser.set_defaults(handler=cmd_lint)


def _lint_document(path: str, codes: frozenset[str], srcdir: Path,
                   api_check: ApiCheck | None) -> tuple:
    """`lore.lint.checks.lint_document`, its API names handed to the resolver at once."""
    from lore.lint import checks

    result = checks.lint_document(path, codes, srcdir)
    if api_check is not None:
        api_check.send(name for name, *_ in result[1])
    return result


def cmd_lint(args: argparse.Namespace) -> int:
    """``lore lint``: exit status 1 if anything is found, 0 if not."""
    gc.disable()  # many small objects, no cycles worth collecting, and a short process
    from lore.files import find_documents
    from lore.forkmap import fork_map
    from lore.lint import cache, checks, pycode, report

    settings = config.load()
    codes = selected(args.select, args.ignore)
    # With lore_api_baseurl, API names are another site's: there is nothing here to check them in.
    if settings.api_baseurl:
        codes -= {"L103"}
    api_check = None
    if "L103" in codes:
        from lore.lint import api

        api_check = api.ApiCheck(settings.api_package, use_cache=not args.no_cache)
    checks.forget_files()  # (a run in a process that ran lint before)
    pycode.known.clear()
    if not args.no_cache:
        pycode.known.update(cache.load("python"))  # before forking: every worker shares it
    lint = functools.partial(_lint_document, codes=codes, srcdir=Path.cwd(), api_check=api_check)
    results = fork_map(lint, find_documents(args.paths or list(settings.corpus)))
    found = [checks.Finding(*finding) for findings, _, _ in results for finding in findings]
    if not args.no_cache:
        parsed = {code: result for _, _, used in results for code, result in used.items()}
        cache.save("python", cache.kept(pycode.known, parsed))
    failed = False
    if api_check is not None:
        refs = (checks.ApiRef(*ref) for _, page_refs, _ in results for ref in page_refs)
        try:
            found += api_check.findings(refs, settings.example_timeout)
        except api.ResolverError as error:
            print(f"lore lint: {error}", file=sys.stderr)
            failed = True
    found = report.ordered(found)
    print("".join(f"{finding}\n" for finding in found) + report.summary(len(found)))  # one write
    return 1 if found or failed else 0
