"""Results of the extension's costly steps, kept between builds and keyed by their inputs.

Each language's build is a fresh process, so a result it computed before is found again only
on disk: a pickle in a folder of lore's own (the build's doctrees, or the generated API pages'
folder), used only while the digest of what it was computed from is unchanged. lore's own code
is part of every key (`lore.site.inputs.package_digest`, as the build's fingerprints).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

import lore
from lore.files import write_atomic
from lore.site.inputs import LORE_PACKAGE, package_digest


def code_stamp() -> str:
    """Return a digest of lore's code (kept for the process while its files are unchanged)."""
    return lore.__version__ + package_digest(LORE_PACKAGE)


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
