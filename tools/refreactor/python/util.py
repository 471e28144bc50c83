"""Small helpers, mirroring ``twisted.python.util``: ``sibpath`` and ``untilConcludes``."""

import os
import sys
from collections.abc import Callable
from typing import Any


def sibpath(path: str, sibling: str) -> str:
    """The path of ``sibling`` in the folder of ``path`` (a file's ``__file__``, typically)."""
    return os.path.join(os.path.dirname(os.path.abspath(path)), sibling)


def println(*a: Any) -> None:
    """Write the ``str`` of each argument to standard output, spaced, then a newline."""
    sys.stdout.write(" ".join(map(str, a)) + "\n")


def untilConcludes(f: Callable[..., Any], *a: Any, **kw: Any) -> Any:
    """``f(*a, **kw)``, called again for as long as a signal interrupts it (EINTR)."""
    while True:
        try:
            return f(*a, **kw)
        except InterruptedError:
            continue
