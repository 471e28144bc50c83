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

    Standard descriptors absent from ``layout`` are closed in the child; every other parent
    descriptor is close-on-exec already. ``posix_spawn`` is used when no working directory,
    user, group or terminal is asked for, ``fork``/``exec`` otherwise.
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
    return os.posix_spawn(program, list(args), dict(env), file_actions=actions)


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
        for fd in _STDIO:
            if fd not in staged:
                os.close(fd)
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
