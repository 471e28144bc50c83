"""What the last run of ``lore lint`` learnt, so that the next one redoes only what changed.

Between two runs in an author's loop nearly everything is the same, and two things are most of
lint's work: parsing the pages' snippets and listings (kept by the code's text, so a moved
listing still hits: ``python``), and resolving API names, which imports the documented package
(kept with a fingerprint of that package's files: ``api``, see `lore.lint.api`). Each is kept
per Python version (its parser and messages change) and per project folder, in the user's
cache folder (``$XDG_CACHE_HOME/lore``, else ``~/.cache/lore``), and holds what that project's
runs used, dropping the entries of older runs once they outnumber the last one's (`kept`).
``--no-cache`` ignores them.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

from lore.files import write_atomic

# Raised when what lint calls "compiles" or "resolves" changes: no old answer is trusted then.
FORMAT = 1


def cache_file(part: str) -> Path:
    """Where ``part`` of what the project in the current folder learnt is kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = sys.version.split()[0]
    project = zlib.crc32(os.getcwd().encode("utf-8", "surrogateescape"))
    return (Path(base) / "lore" /
            f"lint-{part}-{FORMAT}-{sys.implementation.name}-{version}-{project:08x}.marshal")


def kept(last: dict, used: dict) -> dict:
    """What to keep: the entries this run ``used`` and those of the ``last`` runs (a run on one
    page must not empty a whole project's cache), until the old ones are most of it."""
    entries = {**last, **used}
    return entries if len(entries) <= 2 * max(len(used), 1000) else used


def load(part: str) -> dict:
    """What the last run kept of ``part`` (nothing if it is missing or unreadable)."""
    try:
        entries = marshal.loads(cache_file(part).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def save(part: str, entries: dict) -> None:
    """Keep ``entries`` as ``part`` for the next run; a cache that cannot be written is no
    error."""
    if entries == load(part):
        return  # (the common case: nothing new, no write)
    try:
        write_atomic(cache_file(part), marshal.dumps(entries), durable=False)
    except OSError:
        pass
