"""The ``lore`` command line."""

from __future__ import annotations

import argparse

from lore import workflow


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="lore", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="extract messages into a gettext template")
    workflow.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``lore`` console script."""
    args = build_parser().parse_args(argv)
    if hasattr(args, "handler"):
        return args.handler(args)
    return 0
