"""``StandardIO``, mirroring ``twisted.internet.stdio``: a protocol on stdin and stdout.

Standard input is read as the protocol's ``dataReceived``; what it writes goes to standard
output. At the end of input a half-closeable protocol hears ``readConnectionLost``, any other
loses the connection. Descriptors the loop cannot watch (regular files, ``/dev/null``) are
polled every turn instead, as Twisted's epoll reactor does.
"""

import errno
import os
from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet.abstract import FileDescriptor, tellHalfClosed
from refreactor.internet.base import CONNECTION_DONE, CONNECTION_LOST
from refreactor.internet.interfaces import (
    IAddress,
    IConsumer,
    IHalfCloseableDescriptor,
    IProducer,
    ITransport,
)
from refreactor.python import log
from refreactor.python.failure import Failure

_READ_SIZE = 8192


@implementer(IAddress)
class PipeAddress:
    """The address of either end of standard I/O: a pipe has none."""


class _Polled:
    """Watches a descriptor with the reactor, or, where epoll refuses it, every turn."""

    reactor: Any
    _pollOnly = False
    _polling = False
    _pollCall: Any = None

    def _watch(self, add: Any, handler: Any) -> None:
        if not self._pollOnly:
            try:
                add(self)
                return
            except PermissionError:
                self._pollOnly = True
        self._polling = True
        if self._pollCall is None:
            self._pollCall = self.reactor.callLater(0, self._pollOnce, handler)

    def _unwatch(self, remove: Any) -> None:
        if not self._pollOnly:
            remove(self)
            return
        self._polling = False
        if self._pollCall is not None:
            if self._pollCall.active():
                self._pollCall.cancel()
            self._pollCall = None

    def _pollOnce(self, handler: Any) -> None:
        self._pollCall = None
        why = handler()
        if why:
            self.connectionLost(why if isinstance(why, Failure) else Failure(why))
        elif self._polling and self._pollCall is None:
            self._pollCall = self.reactor.callLater(0, self._pollOnce, handler)

    def connectionLost(self, reason: Failure) -> None:
        raise NotImplementedError


class _Reader(_Polled):
    """Reads standard input for the StandardIO transport."""

    disconnected = False

    def __init__(self, reactor: Any, fd: int, owner: "StandardIO") -> None:
        self.reactor = reactor
        self.fd = fd
        self.owner = owner
        os.set_blocking(fd, False)

    def fileno(self) -> int:
        """The descriptor read."""
        return self.fd

    def logPrefix(self) -> str:
        """Log under the protocol's name."""
        return self.owner.logPrefix()

    def startReading(self) -> None:
        """Deliver input from now on."""
        if not self.disconnected:
            self._watch(self.reactor.addReader, self.doRead)

    def stopReading(self) -> None:
        """Deliver no input until ``startReading``."""
        self._unwatch(self.reactor.removeReader)

    def doRead(self) -> Any:
        """Hand what was read to the protocol; the end of input closes this half."""
        try:
            data = os.read(self.fd, _READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return CONNECTION_LOST
        if not data:
            return CONNECTION_DONE
        self.owner.protocol.dataReceived(data)
        return None

    def connectionLost(self, reason: Failure) -> None:
        """Input ended (or failed): stop watching and tell the transport."""
        if self.disconnected:
            return
        self.disconnected = True
        self.stopReading()
        self.owner._readerLost(reason)


class _Writer(_Polled, FileDescriptor):
    """Writes the protocol's output to standard output, buffered as a socket's is."""

    def __init__(self, reactor: Any, fd: int, owner: "StandardIO") -> None:
        FileDescriptor.__init__(self, reactor)
        self.fd = fd
        self.owner = owner
        self.connected = 1
        os.set_blocking(fd, False)

    def fileno(self) -> int:
        """The descriptor written."""
        return self.fd

    def logPrefix(self) -> str:
        """Log under the protocol's name."""
        return self.owner.logPrefix()

    def doRead(self) -> Any:
        """A write-only descriptor turns readable only once its reader has gone."""
        return CONNECTION_LOST

    def startReading(self) -> None:
        """Nothing is read here."""

    def stopReading(self) -> None:
        """Nothing is read here."""

    def startWriting(self) -> None:
        """Send the queue when the descriptor can take it."""
        self._watch(self.reactor.addWriter, self.doWrite)

    def stopWriting(self) -> None:
        """Stop sending until more is queued."""
        self._unwatch(self.reactor.removeWriter)

    def writeSomeData(self, data: Any) -> Any:
        """Write what the descriptor takes now; the count, or the error to close with."""
        try:
            return os.write(self.fd, data)
        except (BlockingIOError, InterruptedError):
            return 0
        except OSError as e:
            if e.errno == errno.EPIPE:
                return CONNECTION_LOST
            return e

    def connectionLost(self, reason: Failure) -> None:
        """Output closed: close the descriptor (the reader sees its end) and tell the
        transport."""
        if self.disconnected:
            return
        FileDescriptor.connectionLost(self, reason)
        self.stopWriting()
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.owner._writerLost(reason)


@implementer(ITransport, IProducer, IConsumer, IHalfCloseableDescriptor)
class StandardIO:
    """Connects ``proto`` to standard input (``stdin``) and output (``stdout``) descriptors."""

    disconnected = False
    disconnecting = False

    def __init__(self, proto: Any, stdin: int = 0, stdout: int = 1, reactor: Any = None) -> None:
        if reactor is None:
            from refreactor.internet import reactor
        self.protocol = proto
        self._writer: _Writer | None = _Writer(reactor, stdout, self)
        self._reader: _Reader | None = _Reader(reactor, stdin, self)
        self._reader.startReading()
        self.protocol.makeConnection(self)

    def logPrefix(self) -> str:
        """Names the transport in the log."""
        return "StandardIO"

    def write(self, data: bytes) -> None:
        """Queue ``data`` for standard output."""
        if self._writer is not None:
            self._writer.write(data)

    def writeSequence(self, data: Any) -> None:
        """Queue each bytes object of ``data``."""
        if self._writer is not None:
            self._writer.writeSequence(data)

    def loseConnection(self) -> None:
        """Close standard output once its queue is sent; stop reading input."""
        self.disconnecting = True
        if self._reader is not None:
            self._reader.stopReading()
        if self._writer is not None:
            self._writer.loseConnection()
        else:
            self.connectionLost(Failure(error.ConnectionDone()))

    def loseWriteConnection(self) -> None:
        """Close standard output once its queue is sent; go on reading input."""
        if self._writer is not None:
            self._writer.loseConnection()

    def getPeer(self) -> PipeAddress:
        """A PipeAddress."""
        return PipeAddress()

    def getHost(self) -> PipeAddress:
        """A PipeAddress."""
        return PipeAddress()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Throttle ``producer`` by standard output's queue."""
        if self._writer is None:
            producer.stopProducing()
        else:
            self._writer.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        """Detach the producer."""
        if self._writer is not None:
            self._writer.unregisterProducer()

    def stopReading(self) -> None:
        """Stop delivering input."""
        if self._reader is not None:
            self._reader.stopReading()

    def startReading(self) -> None:
        """Deliver input again."""
        if self._reader is not None:
            self._reader.startReading()

    pauseProducing = stopReading
    resumeProducing = startReading

    def stopProducing(self) -> None:
        """Close."""
        self.loseConnection()

    def _readerLost(self, reason: Failure) -> None:
        self._reader = None
        if self.disconnected:
            return
        if not reason.check(error.ConnectionDone):
            self.connectionLost(reason)
            return
        if not tellHalfClosed(self, "readConnectionLost"):
            self.connectionLost(reason)

    def _writerLost(self, reason: Failure) -> None:
        self._writer = None
        if self.disconnected:
            return
        if self.disconnecting or not reason.check(error.ConnectionDone):
            self.connectionLost(reason)
            return
        tellHalfClosed(self, "writeConnectionLost")

    def connectionLost(self, reason: Failure) -> None:
        """Both halves are done: close what is left and tell the protocol, once."""
        if self.disconnected:
            return
        self.disconnected = True
        reader, writer, self._reader, self._writer = self._reader, self._writer, None, None
        protocol, self.protocol = self.protocol, None
        if writer is not None and not writer.disconnected:
            writer.connectionLost(reason)
        if reader is not None and not reader.disconnected:
            reader.connectionLost(reason)
        try:
            protocol.connectionLost(reason)
        except BaseException:
            log.err()
