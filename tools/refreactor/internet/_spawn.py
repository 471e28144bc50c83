"""Start a child process with a given file-descriptor layout (the fork/exec part of spawning)."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import termios
import traceback
from collections.abc import Mapping, Sequence

_STDIO = (0, 1, 2)


def resolveExecutable(executable: str, env: Mapping[str, str]) -> str:
    """Find ``executable`` on the child's ``PATH`` (as ``execvpe`` would); raise if absent."""
    if os.sep in executable:
        return executable
    found = shutil.which(executable, path=env.get("PATH", os.defpath))
    if found is None:
        raise FileNotFoundError(f"executable {executable!r} not found on PATH")
    return found


def openPTY() -> tuple[int, int]:
    """Open a pseudo-terminal; return (master, slave), neither inherited by children."""
    master, slave = pty.openpty()
    os.set_inheritable(master, False)
    os.set_inheritable(slave, False)
    return master, slave


def spawn(
    executable: str,
    args: Sequence[str | bytes],
    env: Mapping[str, str],
    layout: Mapping[int, int],
    path: str | None = None,
    uid: int | None = None,
    gid: int | None = None,
    controllingTTY: bool = False,
) -> int:
    """Start a child whose fd ``k`` is the parent's fd ``layout[k]``; return its pid.

    Every other descriptor is closed in the child, whether close-on-exec or not (as Twisted
    does). ``posix_spawn`` is used when no working directory, user, group or terminal is asked
    for, ``fork``/``exec`` otherwise.
    """
    program = resolveExecutable(executable, env)
    # Copies of the sources above every target, so no dup2 overwrites a source still needed.
    floor = max([*layout, *_STDIO]) + 1
    staged = {t: fcntl.fcntl(src, fcntl.F_DUPFD_CLOEXEC, floor) for t, src in layout.items()}
    try:
        if path is None and uid is None and gid is None and not controllingTTY:
            return _posixSpawn(program, args, env, staged)
        return _forkExec(program, args, env, staged, path, uid, gid, controllingTTY)
    finally:
        for fd in staged.values():
            os.close(fd)


def _posixSpawn(
    program: str, args: Sequence[str | bytes], env: Mapping[str, str], staged: Mapping[int, int]
) -> int:
    """Start the child with ``posix_spawn`` (no copy of the parent's memory)."""
    actions: list[tuple] = [(os.POSIX_SPAWN_DUP2, src, target) for target, src in staged.items()]
    actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _STDIO if fd not in staged]
    # Inheritable descriptors the layout does not name (close-on-exec ones close by themselves).
    actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inheritableDescriptors()
                if fd not in staged and fd not in _STDIO]
    return os.posix_spawn(program, list(args), dict(env), file_actions=actions)


def _inheritableDescriptors() -> list[int]:
    """This process's open descriptors that a child would inherit."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.get_inheritable(int(name)):
                found.append(int(name))
        except OSError:
            pass  # The listing's own descriptor, closed by now.
    return found


def _closeAllBut(keep: set[int]) -> None:
    """Close every descriptor of this (child) process except ``keep``."""
    low = 0
    for fd in sorted(keep):
        if low < fd:  # os.closerange(n, n) is not reliably empty.
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _forkExec(
    program: str,
    args: Sequence[str | bytes],
    env: Mapping[str, str],
    staged: Mapping[int, int],
    path: str | None,
    uid: int | None,
    gid: int | None,
    controllingTTY: bool,
) -> int:
    """Start the child with ``fork`` and ``execve``, for the cases ``posix_spawn`` cannot do."""
    pid = os.fork()
    if pid:
        return pid
    try:
        if controllingTTY:
            os.setsid()
            fcntl.ioctl(staged[0], termios.TIOCSCTTY, 0)
        for target, src in staged.items():
            os.dup2(src, target)
        _closeAllBut(set(staged))
        if path is not None:
            os.chdir(path)
        if gid is not None:
            os.setgid(gid)
        if uid is not None:
            os.setuid(uid)
        os.execve(program, list(args), dict(env))
    except BaseException:
        # The child must never return into the parent's code: report on its stderr, then exit.
        try:
            os.write(2, f"cannot run {program!r}:\n{traceback.format_exc()}".encode())
        except OSError:
            pass
    finally:
        os._exit(1)
