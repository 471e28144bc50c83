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
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

STAGING = ".staging"
PREVIOUS = ".previous"
LOCK = ".lore-build.lock"
_RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths atomically


def staging_dir(out: Path, language: str) -> Path:
    """Return where ``language`` is built before it replaces ``out/language``."""
    return out.parent / STAGING / out.name / language


def previous_dir(published: Path) -> Path:
    """Return where the folder that ``published`` replaced is kept, as the next copy's base."""
    return published.parent.parent / PREVIOUS / published.parent.name / published.name


def stage(published: Path, staging: Path) -> None:
    """Make ``staging`` a copy of ``published`` (modification times kept), or an empty folder.

    A copy, not hard links: Sphinx rewrites its files in place, which would change the
    published ones through a link. The times let Sphinx write only the pages that changed.
    The folder the last publication replaced is the base: only the files that differ from
    the published ones (by size or time) are copied, a handful after a one-page rebuild.
    """
    discard(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    previous = previous_dir(published)
    if published.is_dir() and previous.is_dir():
        previous.rename(staging)
        mirror(published, staging)
    elif published.is_dir():
        shutil.copytree(published, staging, symlinks=True)
    else:
        staging.mkdir()


def mirror(source: Path, target: Path) -> None:
    """Make the folder ``target`` hold what ``source`` holds, with its times.

    Only the files whose size, time or kind differ are copied (rsync's quick check). A
    published file is never rewritten in place (a build replaces the whole folder), and a
    file Sphinx writes again gets a new time, so one with the same size and time is the same.
    """
    with os.scandir(source) as entries:
        wanted = {entry.name: entry for entry in entries}
    for name in os.listdir(target):
        if name not in wanted:
            discard(target / name)
    for name, entry in wanted.items():
        there = target / name
        if entry.is_dir(follow_symlinks=False):
            if there.is_symlink() or not there.is_dir():
                discard(there)
                there.mkdir()
            mirror(Path(entry.path), there)
            shutil.copystat(entry.path, there)
        elif not _same(entry, there):
            discard(there)
            shutil.copy2(entry.path, there, follow_symlinks=False)


def _same(entry: os.DirEntry, there: Path) -> bool:
    """Whether ``there`` is the same kind of file as ``entry``, of the same size and time."""
    try:
        mine = there.lstat()
    except FileNotFoundError:
        return False
    theirs = entry.stat(follow_symlinks=False)
    if entry.is_symlink() or there.is_symlink():
        return entry.is_symlink() and there.is_symlink() and \
            os.readlink(entry.path) == os.readlink(there)
    return stat.S_ISREG(mine.st_mode) and (mine.st_size, mine.st_mtime_ns) == \
        (theirs.st_size, theirs.st_mtime_ns)


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
    """Replace ``published`` by the complete build in ``staging``; the old one is kept aside.

    The swap is one atomic rename where the system has it: a reader, or a kill, sees the old
    folder or the new one, never a mix. The old folder becomes the base of the next staging
    copy (:func:`stage`).
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
    previous = previous_dir(published)
    discard(previous)
    previous.parent.mkdir(parents=True, exist_ok=True)
    old.rename(previous)


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
