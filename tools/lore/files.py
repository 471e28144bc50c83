"""Files: writing them so that a reader never sees a half-written one, finding the pages."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from pathlib import Path

_serial = itertools.count()


def write_atomic(path: str | Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` at once: a temporary file in its folder, then rename.

    ``durable`` also flushes the data to disk before the rename (catalogs: a crash never
    leaves an empty file); build outputs, which can be made again, skip that cost.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of our own rather than tempfile's: lore extract starts faster without it.
    tmp = path.parent / f".{path.name}.{os.getpid()}.{next(_serial)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def find_documents(paths: Iterable[str]) -> list[str]:
    """Expand folders to the ``*.xhtml`` files below them, sorted as ``LC_ALL=C sort`` does.

    Files named explicitly are kept in the order given; a missing path is kept so that
    reading it reports the error.
    """
    documents: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = [str(p) for p in Path(path).rglob("*.xhtml") if p.is_file()]
            documents.extend(sorted(found, key=lambda p: p.encode("utf-8")))
        else:
            documents.append(path)
    return documents
