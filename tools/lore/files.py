"""Writing files so that a reader never sees a half-written one."""

from __future__ import annotations

import itertools
import os
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
