"""The argparse pieces every ``lore`` sub-command shares."""

from __future__ import annotations

import argparse
import os
import sys


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


class VersionAction(argparse.Action):
    """``--version``: print lore's installed version and exit.

    The version is read from the distribution's metadata only when asked, so that the other
    commands do not pay for importing ``importlib.metadata``.
    """

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **options) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print lore's version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import version

        sys.stdout.write(f"lore {version('lore')}\n")
        parser.exit()


def root_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """Return the ``lore`` parser and the action its sub-commands are added to."""
    parser = argparse.ArgumentParser(
        formatter_class=HelpFormatter,
        prog="lore",
        description="Extract, translate and build Lore XHTML howto documents.",
        epilog="Run 'lore COMMAND --help' for the options and examples of each command.",
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser, sub
