"""What Python code parsed to in the last run, so that ``lore lint`` parses only what changed.

Parsing the pages' snippets and listings is most of lint's work, and between two runs in an
author's loop nearly all of it is the same text. Results are kept by the code's text (not its
file: a moved listing still hits), per Python version (its parser and messages change) and per
project folder, in the user's cache folder (``$XDG_CACHE_HOME/lore``, else ``~/.cache/lore``).
A file holds its project's last run only, so it never grows past that project's code;
``--no-cache`` ignores it.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

from lore.files import write_atomic

# Raised when what lint calls "compiles" changes, so that no old answer is trusted.
FORMAT = 1


def cache_file() -> Path:
    """Where the results of the project in the current folder are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = sys.version.split()[0]
    project = zlib.crc32(os.getcwd().encode("utf-8", "surrogateescape"))
    return (Path(base) / "lore" /
            f"lint-{FORMAT}-{sys.implementation.name}-{version}-{project:08x}.marshal")


def load() -> dict:
    """The last run's results (none if the file is missing or unreadable)."""
    try:
        entries = marshal.loads(cache_file().read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def save(entries: dict) -> None:
    """Keep ``entries`` for the next run; a cache that cannot be written is no error."""
    try:
        write_atomic(cache_file(), marshal.dumps(entries), durable=False)
    except OSError:
        pass
