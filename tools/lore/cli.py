"""The ``lore`` command line: each sub-command is registered by the job that owns it."""

from __future__ import annotations

import os
import sys
from importlib import import_module

from lore.argparsing import root_parser

# Sub-command -> the module that registers it. Only the module of the command being run is
# imported, so that ``lore extract`` (run on every commit) loads no catalog or Sphinx code.
COMMANDS = {
    **dict.fromkeys(("extract", "init", "update", "stats", "check", "compile", "translate",
                     "pseudo"), "lore.catalogs.commands"),
    "build": "lore.site.build",
    "serve": "lore.site.serve.commands",
    "lint": "lore.lint.commands",
}


def build_parser(command: str | None = None):
    """Return the parser of ``command``'s module, or of every command (for help and errors)."""
    parser, sub = root_parser()
    modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for module in modules:
        import_module(module).register(sub)
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
