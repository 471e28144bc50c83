"""IReactorProcess for the reference reactor: child processes connected through pipes.

Each child gets a pidfd watched by the loop, so the child is reaped the moment it exits
(no SIGCHLD handler, no zombie). Losses of pipes seen in the same loop iteration are
reported together, highest child descriptor first, then standard input, ``processExited``
and, once every pipe is closed, ``processEnded`` -- the order Twisted's reactor shows.
"""

from __future__ import annotations

import os
import select
import signal
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from zope.interface import implementer

from refreactor.internet import _spawn, error
from refreactor.internet.interfaces import (
    IProcessTransport,
    IReactorProcess,
    IReadDescriptor,
    IWriteDescriptor,
)
from refreactor.python import log
from refreactor.python.failure import Failure

_READ_SIZE = 65536
_DEFAULT_CHILD_FDS = {0: "w", 1: "r", 2: "r"}
_NO_ENVIRONMENT: Mapping[str, str] = MappingProxyType({})


class _ProcessAddress:
    """The address of a process transport: a process has none."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ProcessAddress)

    def __hash__(self) -> int:
        return hash(_ProcessAddress)


class _Pipe:
    """Our end of one child descriptor, as a selectable the loop can watch."""

    def __init__(self, process: Process, fd: int, childFD: int) -> None:
        self.process = process
        self.fd = fd
        self.childFD = childFD
        os.set_blocking(fd, False)

    def fileno(self) -> int:
        """The descriptor the loop watches (-1 once closed)."""
        return self.fd

    def logPrefix(self) -> str:
        """Log under the process's protocol name."""
        return self.process.logPrefix()

    def connectionLost(self, reason: Failure) -> None:
        """The loop gave up on this descriptor: treat it as closed. At shutdown (the reactor
        disconnects everything) the protocol hears of it at once, as on Twisted: the loop
        takes no further turn in which a report scheduled for later would run."""
        self.process._closePipe(self)
        if self.process.reactor._stopped:
            self.process._reportLost()


@implementer(IReadDescriptor)
class _ReadPipe(_Pipe):
    """A child descriptor the child writes to and we read from."""

    def doRead(self) -> None:
        """Read one chunk and hand it to the protocol; at end of file, close the pipe."""
        try:
            data = os.read(self.fd, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: the other side of a pseudo-terminal went away
            data = b""
        if data:
            self.process._childData(self.childFD, data)
        else:
            self.process._closePipe(self)

    def drain(self) -> None:
        """Read whatever is already buffered, stopping at end of file or when none is left."""
        while self.fd >= 0:
            try:
                data = os.read(self.fd, _READ_SIZE)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self.process._closePipe(self)
                return
            self.process._childData(self.childFD, data)


@implementer(IReadDescriptor, IWriteDescriptor)
class _WritePipe(_Pipe):
    """A child descriptor the child reads from and we write to, buffered.

    It is also watched for reading: the write end of a pipe reports an event only once the
    child's end is closed, which tells us at once (and lets reactor shutdown find it).
    """

    def __init__(self, process: Process, fd: int, childFD: int) -> None:
        super().__init__(process, fd, childFD)
        self.buffer = bytearray()
        self.disconnecting = False

    def doRead(self) -> None:
        """The child closed its end."""
        self.process._closePipe(self)

    def write(self, data: bytes) -> None:
        """Write now what the pipe takes; buffer the rest until it is writable."""
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if self.fd < 0 or self.disconnecting:
            return
        if self.buffer:
            self.buffer += data
            return
        try:
            written = os.write(self.fd, data)
        except BlockingIOError:
            written = 0
        except OSError:
            self.process._closePipe(self)
            return
        if written < len(data):
            self.buffer += data[written:]
            self.process.reactor.addWriter(self)

    def doWrite(self) -> None:
        """Flush buffered bytes; close the pipe once flushed if asked to."""
        try:
            written = os.write(self.fd, self.buffer)
        except BlockingIOError:
            return
        except OSError:
            self.process._closePipe(self)
            return
        del self.buffer[:written]
        if not self.buffer:
            self.process.reactor.removeWriter(self)
            if self.disconnecting:
                self.process._closePipe(self)

    def loseConnection(self) -> None:
        """Close the pipe after the buffered bytes are written."""
        self.disconnecting = True
        if not self.buffer:
            self.process._closePipe(self)

    def readerGone(self) -> bool:
        """Whether every reader of the child's end has closed it (a pipe reports POLLERR)."""
        poller = select.poll()
        poller.register(self.fd, 0)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


@implementer(IProcessTransport)
class Process:
    """A running child process and the pipes to it; the transport of a ProcessProtocol."""

    def __init__(
        self,
        reactor: Any,
        executable: str,
        args: Sequence[str | bytes],
        env: Mapping[str, str],
        path: str | None,
        proto: Any,
        uid: int | None = None,
        gid: int | None = None,
        childFDs: Mapping[int, str | int] | None = None,
        usePTY: bool = False,
    ) -> None:
        """Start the child, connect ``proto`` to it and begin watching its pipes and exit."""
        self.reactor = reactor
        self.proto = proto
        self.pipes: dict[int, _Pipe] = {}
        self.status: int | None = None
        self._lost: list[_Pipe] = []
        self._lostScheduled = False
        self._exited = False
        self._ended = False
        self._usePTY = usePTY
        self._childEnds: set[int] = set()
        layout = self._openPipes(_DEFAULT_CHILD_FDS if childFDs is None else childFDs, usePTY)
        try:
            self.pid: int | None = _spawn.spawn(
                executable, args, env, layout, path, uid, gid, controllingTTY=usePTY
            )
        except BaseException:
            for pipe in self.pipes.values():
                os.close(pipe.fd)
            raise
        finally:
            for fd in self._childEnds:
                os.close(fd)
        self._watch(usePTY)
        try:
            proto.makeConnection(self)
        except Exception:
            # As in Twisted: logged ("Unhandled Error"), and the process goes on.
            log.err()

    def _openPipes(self, childFDs: Mapping[int, str | int], usePTY: bool) -> dict[int, int]:
        """Create our ends of the pipes; return the child's layout (child fd -> parent fd)."""
        if usePTY:
            master, slave = _spawn.openPTY()
            self._childEnds.add(slave)
            self.pipes[0] = _WritePipe(self, os.dup(master), 0)
            self.pipes[1] = _ReadPipe(self, master, 1)
            return {0: slave, 1: slave, 2: slave}
        layout = {}
        for childFD, kind in childFDs.items():
            if kind == "r":
                ours, theirs = os.pipe()
                self.pipes[childFD] = _ReadPipe(self, ours, childFD)
            elif kind == "w":
                theirs, ours = os.pipe()
                self.pipes[childFD] = _WritePipe(self, ours, childFD)
            else:
                layout[childFD] = kind
                continue
            self._childEnds.add(theirs)
            layout[childFD] = theirs
        return layout

    def _watch(self, usePTY: bool) -> None:
        """Watch every pipe (a terminal's writer excepted: it reads as the terminal) and exit."""
        for pipe in self.pipes.values():
            if not (usePTY and isinstance(pipe, _WritePipe)):
                self.reactor.addReader(pipe)
        self._reaper = _Reaper(self, self.pid)
        self.reactor.addReader(self._reaper)

    def logPrefix(self) -> str:
        """Log under the protocol's class name."""
        return type(self.proto).__name__

    # -- IProcessTransport ---------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Write to the child's standard input; without one (closed or lost), drop ``data``."""
        if 0 in self.pipes:
            self.writeToChild(0, data)

    def writeSequence(self, seq: Sequence[bytes]) -> None:
        """Write several byte strings to the child's standard input, as :meth:`write`."""
        self.write(b"".join(seq))

    def writeToChild(self, childFD: int, data: bytes) -> None:
        """Write to a descriptor the child reads from (KeyError if there is none)."""
        pipe = self.pipes[childFD]
        if not isinstance(pipe, _WritePipe):
            raise KeyError(childFD)
        pipe.write(data)

    def closeChildFD(self, descriptor: int) -> None:
        """Close our end of a child descriptor (a write end after flushing it)."""
        pipe = self.pipes.get(descriptor)
        if isinstance(pipe, _WritePipe):
            pipe.loseConnection()
        elif pipe is not None:
            self._closePipe(pipe)

    def closeStdin(self) -> None:
        """Close the child's standard input once our buffered bytes are written."""
        self.closeChildFD(0)

    def closeStdout(self) -> None:
        """Stop reading the child's standard output."""
        self.closeChildFD(1)

    def closeStderr(self) -> None:
        """Stop reading the child's standard error."""
        self.closeChildFD(2)

    def loseConnection(self) -> None:
        """Close every pipe to the child (standard input after flushing)."""
        for descriptor in (0, 2, 1):
            self.closeChildFD(descriptor)

    def pauseProducing(self) -> None:
        """Stop reading what the child writes."""
        for pipe in self.pipes.values():
            if isinstance(pipe, _ReadPipe):
                self.reactor.removeReader(pipe)

    def resumeProducing(self) -> None:
        """Read what the child writes again."""
        for pipe in self.pipes.values():
            if isinstance(pipe, _ReadPipe) and pipe.fd >= 0:
                self.reactor.addReader(pipe)

    def stopProducing(self) -> None:
        """Close every pipe to the child."""
        self.loseConnection()

    def signalProcess(self, signalID: str | int) -> None:
        """Send a signal by name ("KILL", "TERM", "INT", ...) or number."""
        number = signalID if isinstance(signalID, int) else getattr(signal, f"SIG{signalID}")
        if self.pid is None:
            raise error.ProcessExitedAlready()
        try:
            os.kill(self.pid, number)
        except ProcessLookupError:
            raise error.ProcessExitedAlready() from None

    def getPeer(self) -> _ProcessAddress:
        """A process has no network address."""
        return _ProcessAddress()

    def getHost(self) -> _ProcessAddress:
        """A process has no network address."""
        return _ProcessAddress()

    # -- events ---------------------------------------------------------------------------------

    def _childData(self, childFD: int, data: bytes) -> None:
        """Hand data read from the child to the protocol."""
        _notify(self.proto.childDataReceived, childFD, data)

    def _closePipe(self, pipe: _Pipe) -> None:
        """Stop watching and close our end of ``pipe``; report it with the others lost now."""
        if pipe.fd < 0:
            return
        self.reactor.removeReader(pipe)
        self.reactor.removeWriter(pipe)
        os.close(pipe.fd)
        pipe.fd = -1
        self._lost.append(pipe)
        if not self._lostScheduled:
            self._lostScheduled = True
            self.reactor.callLater(0, self._reportLost)

    def _reportLost(self) -> None:
        """Tell the protocol about the pipes lost since last time, highest descriptor first."""
        self._lostScheduled = False
        lost, self._lost = sorted(self._lost, key=lambda p: -p.childFD), []
        for pipe in lost:
            del self.pipes[pipe.childFD]
            _notify(self.proto.childConnectionLost, pipe.childFD)
        self._maybeEnded()

    def _reaped(self, status: int) -> None:
        """The child exited: finish reading what it wrote, then report its exit."""
        self.status = status
        self.pid = None
        for pipe in list(self.pipes.values()):
            if isinstance(pipe, _ReadPipe):
                pipe.drain()
        self._reportLost()
        for pipe in list(self.pipes.values()):
            # Another process (a grandchild) may still read the child's end: then it stays.
            if isinstance(pipe, _WritePipe) and (self._usePTY or pipe.readerGone()):
                self._closePipe(pipe)
        self._reportLost()
        self._exited = True
        _notify(self.proto.processExited, self._reason())
        self._maybeEnded()

    def _reason(self) -> Failure:
        """The Failure describing how the child ended."""
        status = self.status
        if os.WIFSIGNALED(status):
            return Failure(error.ProcessTerminated(None, os.WTERMSIG(status), status))
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return Failure(error.ProcessDone(status))
        return Failure(error.ProcessTerminated(code, None, status))

    def _maybeEnded(self) -> None:
        """Report ``processEnded`` once the child has exited and every pipe is closed."""
        if self._exited and not self.pipes and not self._ended:
            self._ended = True
            _notify(self.proto.processEnded, self._reason())


@implementer(IReadDescriptor)
class _Reaper:
    """Watches a child's pidfd; reaps the child as soon as it exits."""

    def __init__(self, process: Process, pid: int) -> None:
        self.process = process
        self.pid = pid
        self.fd = os.pidfd_open(pid)

    def fileno(self) -> int:
        """The pidfd (-1 once closed)."""
        return self.fd

    def logPrefix(self) -> str:
        """Log under the process's protocol name."""
        return self.process.logPrefix()

    def doRead(self) -> None:
        """Reap the child if it has exited."""
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # reaped behind our back: its status is unknown
            pid, status = self.pid, 255 << 8
        if pid == 0:
            return
        self.connectionLost(None)
        # Report in a later iteration, so pipe ends that reached EOF now are seen first.
        self.process.reactor.callLater(0, self.process._reaped, status)

    def connectionLost(self, reason: Failure | None) -> None:
        """Stop watching and close the pidfd."""
        if self.fd >= 0:
            self.process.reactor.removeReader(self)
            os.close(self.fd)
            self.fd = -1


def _notify(callback: Any, *args: Any) -> None:
    """Call a protocol callback; an exception it raises is logged, not propagated."""
    try:
        callback(*args)
    except Exception:
        log.err(None, f"Unhandled error in {callback.__qualname__}")


@implementer(IReactorProcess)
class ProcessReactorMixin:
    """Reactor methods for IReactorProcess; mixed into the reactor class."""

    def spawnProcess(
        self,
        processProtocol: Any,
        executable: str | bytes,
        args: Sequence[str | bytes] = (),
        env: Mapping[str, str] | None = _NO_ENVIRONMENT,
        path: str | None = None,
        uid: int | None = None,
        gid: int | None = None,
        usePTY: bool = False,
        childFDs: Mapping[int, str | int] | None = None,
    ) -> Process:
        """Start ``executable`` with ``args`` (``args[0]`` is its name) connected to the protocol.

        The child's environment is ``env``: empty by default, this process's own with
        ``env=None`` (as in Twisted). ``childFDs`` maps child descriptors to
        ``"r"`` (we read), ``"w"`` (we write) or one of our descriptors to hand over.
        """
        if isinstance(executable, bytes):
            executable = os.fsdecode(executable)
        environment = os.environ if env is None else env
        return Process(
            self, executable, args, environment, path, processProtocol, uid, gid, childFDs,
            bool(usePTY),
        )

