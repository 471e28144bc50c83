"""The ``lore`` command line: extract, translate and build Lore XHTML howtos."""

from __future__ import annotations

import argparse
import gc
import os
import sys

from lore import config, xhtml
from lore.extract import ExtractError, extract


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized from the terminal without importing shutil.

    argparse builds a formatter even when no help is printed, and its default one imports
    shutil (and with it the compression modules): a tenth of ``lore extract``'s start-up.
    """

    def __init__(self, prog: str, **options) -> None:
        if options.get("width") is None:
            try:
                options["width"] = os.get_terminal_size(sys.stdout.fileno()).columns - 2
            except (OSError, ValueError):
                options["width"] = int(os.environ.get("COLUMNS", "80")) - 2
        super().__init__(prog, **options)


EXTRACT_EXAMPLES = """\
examples:
  lore extract                      the corpus of conf.py into its template (locale/howto.pot)
  lore extract howto/time.xhtml     one page
  lore extract -o /tmp/t.pot docs   every *.xhtml below docs/, in LC_ALL=C order

The template is what po4a's xhtml module would write for the same files: the same
msgids, "#. type:" comments, "#: file:line" references and wrapping.
"""


def add_extract(sub: argparse._SubParsersAction) -> None:
    """Register ``lore extract``."""
    parser = sub.add_parser(
        "extract",
        help="extract the translatable messages of XHTML pages into a gettext template",
        description="Extract the translatable messages of Lore XHTML pages into a template.",
        epilog=EXTRACT_EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a page, or a folder searched for *.xhtml (default: lore_corpus of conf.py)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="the template to write (default: lore_template of conf.py, locale/howto.pot)",
    )
    parser.add_argument(
        "--include-code", action="store_true",
        help="also extract <pre> blocks of the classes in lore_untranslated_pre_classes",
    )
    parser.set_defaults(handler=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    """Carry out ``lore extract``: exit status 1, and no file written, if any page is bad."""
    # Segmentation makes many small objects and no reference cycles, and the process ends
    # right after: the cyclic collector would only rescan them (a tenth of the run).
    gc.disable()
    settings = config.load()
    skip = frozenset() if args.include_code else frozenset(settings.untranslated_pre_classes)
    output = args.output or settings.template
    try:
        entries = extract(args.paths or [settings.corpus], output, xhtml.SegmentOptions(skip))
    except ExtractError as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)  # path:line:column: message, as compilers write it
        print(f"lore extract: {output} left unchanged", file=sys.stderr)
        return 1
    print(f"{output}: {len(entries)} message{'' if len(entries) == 1 else 's'}")
    return 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser: every sub-command, or just ``extract`` when that is run."""
    parser = argparse.ArgumentParser(
        formatter_class=HelpFormatter,
        prog="lore",
        description="Extract, translate and build Lore XHTML howto documents.",
        epilog="Run 'lore COMMAND --help' for the options and examples of each command.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_extract(sub)
    if command != "extract":
        # The other commands bring in the catalog code and Sphinx: load them only when needed,
        # so that extraction, run on every commit, starts fast.
        from lore import build, workflow

        workflow.register(sub)
        build.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``lore`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, while it can still be handled
        return status
    except BrokenPipeError:
        # The reader went away (``lore stats | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
