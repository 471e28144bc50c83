"""Staged publishing: a language is built beside its published folder and swapped in whole.

A reader's site changes only by renames of complete builds: a failed, interrupted or killed
build leaves every published file as it was. One ``lore build`` at a time works in a tree
(a lock file in the build folder); a second one waits for the first.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

STAGING = ".staging"
LOCK = ".lore-build.lock"
_RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths atomically


def staging_dir(out: Path, language: str) -> Path:
    """Return where ``language`` is built before it replaces ``out/language``."""
    return out.parent / STAGING / out.name / language


def stage(published: Path, staging: Path) -> None:
    """Make ``staging`` a copy of ``published`` (modification times kept), or an empty folder.

    A copy, not hard links: Sphinx rewrites its files in place, which would change the
    published ones through a link. The times let Sphinx write only the pages that changed.
    """
    discard(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    if published.is_dir():
        shutil.copytree(published, staging, symlinks=True)
    else:
        staging.mkdir()


def discard(path: Path) -> None:
    """Remove a staging folder or file, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux ``renameat2``); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_cwd = -100  # AT_FDCWD
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return done == 0


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block is done (the main thread only gets them)."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def publish(staging: Path, published: Path) -> None:
    """Replace ``published`` by the complete build in ``staging``; the old one is deleted.

    The swap is one atomic rename where the system has it: a reader, or a kill, sees the old
    folder or the new one, never a mix.
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    with signals_held():
        if not published.exists():
            staging.rename(published)
            return
        if _exchange(staging, published):
            old = staging
        else:  # no atomic exchange: the old folder aside, then the new one in
            old = staging.with_name(staging.name + ".old")
            discard(old)
            published.rename(old)
            staging.rename(published)
    discard(old)


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the tree's build lock for the block; wait, saying so on stderr, while it is taken."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            sys.stderr.write(f"lore build: another build is running in {out.parent} "
                             f"({holder}); waiting for it to finish\n")
            sys.stderr.flush()
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
