"""Results of the extension's costly steps, kept between builds and keyed by their inputs.

Each language's build is a fresh process, so a result it computed before is found again only
on disk: a pickle in a folder of lore's own (the build's doctrees, or the generated API pages'
folder), used only while the digest of what it was computed from is unchanged. lore's own code
is part of every key, by its files' sizes and times (as Python's bytecode cache decides).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import lore
from lore.files import write_atomic

LORE_PACKAGE = Path(lore.__file__).parent


def folder_stamp(folder: Path) -> str:
    """Return a digest of the files below ``folder``: each one's path, size and time."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.suffix != ".pyc" and path.is_file():
            info = path.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """Return a digest of lore's code (:func:`folder_stamp`), once per process."""
    return lore.__version__ + folder_stamp(LORE_PACKAGE)


def files_digest(label: str, paths: Iterable[Path]) -> str:
    """Return a digest of ``label``, lore's code and each path with its bytes (None: absent)."""
    digest = hashlib.sha256(f"{label}\0{code_stamp()}\n".encode())
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        except (FileNotFoundError, IsADirectoryError):
            digest.update(b"absent")
    return digest.hexdigest()


def load(path: Path, key: str) -> object | None:
    """Return what :func:`store` kept at ``path`` under ``key``; None if it is another key."""
    try:
        kept_key, value = pickle.loads(path.read_bytes())
    except Exception:  # absent, or written by another version: computed again
        return None
    return value if kept_key == key else None


def store(path: Path, key: str, value: object) -> None:
    """Keep ``value`` at ``path`` under ``key`` (a file of lore's own)."""
    write_atomic(path, pickle.dumps((key, value)), durable=False)
