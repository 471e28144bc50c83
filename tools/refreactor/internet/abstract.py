"""FileDescriptor: the buffered, producer-aware transport that stream connections share.

Writes are queued as a list of bytes and sent (joined) when the callback that wrote them has
returned, without waiting for epoll to report writability; what the kernel does not take then
waits for ``doWrite``.
A streaming producer is paused while more than ``bufferSize`` bytes are queued.
"""

from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet.base import CONNECTION_DONE, CONNECTION_LOST  # noqa: F401 (re-exported)
from refreactor.internet.interfaces import (
    IConsumer,
    IHalfCloseableDescriptor,
    IHalfCloseableProtocol,
    ILoggingContext,
    IPushProducer,
    IReadWriteDescriptor,
    ITransport,
)
from refreactor.python import log
from refreactor.python.failure import Failure

SEND_LIMIT = 128 * 1024


def applicationLogPrefix(obj: Any) -> str:
    """How the log names a protocol or factory: its ``logPrefix()`` if it offers
    ILoggingContext, else its class name."""
    if ILoggingContext.providedBy(obj):
        return obj.logPrefix()
    return type(obj).__name__


def tellHalfClosed(transport: Any, half: str) -> bool:
    """Tell a half-closeable protocol that one half of ``transport`` closed (``half`` is
    ``"readConnectionLost"`` or ``"writeConnectionLost"``); close the transport if that raises.

    Return False when the protocol is not half-closeable, so the caller decides what then.
    """
    halfCloseable = IHalfCloseableProtocol(transport.protocol, None)
    if halfCloseable is None:
        return False
    try:
        getattr(halfCloseable, half)()
    except BaseException:
        failure = Failure()
        log.err(failure)
        transport.connectionLost(failure)
    return True


@implementer(IPushProducer, IReadWriteDescriptor, IConsumer, ITransport, ILoggingContext,
             IHalfCloseableDescriptor)
class FileDescriptor:
    """A descriptor watched by the reactor, with a write queue and producer support.

    Subclasses provide ``fileno``, ``doRead``, ``writeSomeData(data)`` (returning the count
    written or an exception to disconnect with) and, for half-close, ``_closeWriteConnection``.
    """

    connected = 0
    disconnected = 0
    disconnecting = False
    _writeDisconnecting = False
    _writeDisconnected = False
    producer: Any = None
    streamingProducer = False
    producerPaused = False
    bufferSize = 2**16
    _flushScheduled = False
    _aborting = False

    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor
        self._queue: list[bytes] = []
        self._queuedLen = 0
        self._current = b""
        self._offset = 0

    def logPrefix(self) -> str:
        """Names the descriptor in the log."""
        return type(self).__name__

    # -- reading ---------------------------------------------------------------------------------

    def startReading(self) -> None:
        """Have the reactor call ``doRead`` when data arrives."""
        self.reactor.addReader(self)

    def stopReading(self) -> None:
        """Stop calling ``doRead``."""
        self.reactor.removeReader(self)

    def startWriting(self) -> None:
        """Have the reactor call ``doWrite`` when the descriptor is writable."""
        self.reactor.addWriter(self)

    def stopWriting(self) -> None:
        """Stop calling ``doWrite``."""
        self.reactor.removeWriter(self)

    # -- writing ---------------------------------------------------------------------------------

    def _pendingLen(self) -> int:
        return len(self._current) - self._offset + self._queuedLen

    def write(self, data: bytes) -> None:
        """Queue ``data``; the reactor sends it once the current callback returns."""
        if data.__class__ is not bytes and not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if not self.connected or self._writeDisconnected or not data:
            return
        self._queue.append(data)
        self._queuedLen += len(data)
        if self.producer is not None:
            self._maybePauseProducer()
            self.startWriting()
        elif not self._flushScheduled:
            # Sending at the end of the pass, not now, keeps Twisted's semantics (an abort
            # in the same callback discards the data) yet saves a wait for writability.
            self._flushScheduled = True
            self.reactor._pendingFlushes.append(self)

    def _flush(self) -> None:
        """Send what the kernel takes now and leave the rest to ``doWrite``; a send error
        (a reset from the peer) disconnects with that reason at once."""
        self._flushScheduled = False
        if not self.connected or self._aborting:
            return
        pending = self._sendQueued()
        if pending is True:
            self.startWriting()
        elif pending is not None:
            # Reported now: the socket's error is spent, a later read would see a clean end.
            self.reactor._disconnectSelectable(self, pending, False)

    def writeSequence(self, iovec: Any) -> None:
        """Send each bytes object of ``iovec`` in order."""
        for data in iovec:
            if not isinstance(data, bytes):
                raise TypeError("Data must be bytes")
        self.write(b"".join(iovec))

    def _isSendBufferFull(self) -> bool:
        """Whether so much waits to be sent that a streaming producer should pause."""
        return self._pendingLen() > self.bufferSize

    def _maybePauseProducer(self) -> None:
        if (self.producer is not None and self.streamingProducer and not self.producerPaused
                and self._isSendBufferFull()):
            self.producerPaused = True
            self.producer.pauseProducing()

    def _sendQueued(self) -> Any:
        """Send queued bytes; None once all are sent, else True (more left) or an error."""
        if self._offset == len(self._current):
            queue = self._queue
            if not queue:
                return None
            data = queue[0] if len(queue) == 1 else b"".join(queue)
            self._queue = []
            self._queuedLen = 0
            self._current = data
            self._offset = 0
            if len(data) <= SEND_LIMIT:  # The common case: no slicing, no memoryview.
                written = self.writeSomeData(data)
                if written.__class__ is not int:
                    return written
                if written == len(data):
                    self._current = b""
                    return None
                self._offset = written
                return True
        chunk = memoryview(self._current)[self._offset:self._offset + SEND_LIMIT]
        written = self.writeSomeData(chunk)
        if written.__class__ is not int:
            return written
        self._offset += written
        if self._offset < len(self._current) or self._queue:
            return True
        self._current = b""
        self._offset = 0
        return None

    def _takeQueued(self) -> bytes:
        """Empty the write queue, returning what it held (for a switch to TLS)."""
        data = bytes(self._current[self._offset:]) + b"".join(self._queue)
        self._queue, self._queuedLen, self._current, self._offset = [], 0, b"", 0
        return data

    def doWrite(self) -> Any:
        """Send queued bytes; once all are sent, resume a producer or finish a close."""
        pending = self._sendQueued()
        if pending is True:
            return None
        if pending is not None:
            return pending
        self.stopWriting()
        return self._allSent()

    def _allSent(self) -> Any:
        """Everything queued is sent: resume a producer, or go on with a close under way.

        A hook: a transport that must first finish something of its own (TLS: a handshake, a
        close_notify) overrides it and calls it when done.
        """
        if self.producer is not None and (not self.streamingProducer or self.producerPaused):
            self.producerPaused = False
            self.producer.resumeProducing()
        elif self.disconnecting:
            return self._closeWhenAllSent()
        elif self._writeDisconnecting:
            self._writeDisconnected = True
            return self._closeWriteConnection()
        return None

    def _closeWhenAllSent(self) -> Any:
        """``loseConnection``'s last step, once all is sent: why the connection ends."""
        return CONNECTION_DONE

    # -- closing ---------------------------------------------------------------------------------

    def loseConnection(self) -> None:
        """Close once everything queued has been sent (an abort under way stays an abort)."""
        if self.connected and not self.disconnecting and not self._aborting:
            if self._writeDisconnected:
                self.stopReading()
                self.stopWriting()
                self.connectionLost(Failure(CONNECTION_DONE))
            else:
                self.stopReading()
                self.startWriting()
                self.disconnecting = True

    def loseWriteConnection(self) -> None:
        """Shut down our sending direction once everything queued has been sent."""
        self._writeDisconnecting = True
        self.startWriting()

    def abortConnection(self) -> None:
        """Close at once, discarding the queue; ``connectionLost`` follows in the next pass."""
        if self.disconnected or self._aborting:
            return
        self._aborting = True
        self.stopReading()
        self.stopWriting()
        self.reactor.callLater(0, self.connectionLost, Failure(error.ConnectionAborted()))

    def _closeWriteConnection(self) -> Any:
        return None

    def readConnectionLost(self, reason: Failure) -> None:
        """The peer closed its sending direction; by default that ends the connection."""
        self.connectionLost(reason)

    def writeConnectionLost(self, reason: Failure) -> None:
        """Our sending direction closed; by default that ends the connection."""
        self.connectionLost(reason)

    def connectionLost(self, reason: Failure) -> None:
        """Mark the descriptor closed, stop the producer and the reactor's watching."""
        self.disconnected = 1
        self.connected = 0
        if self.producer is not None:
            try:
                self.producer.stopProducing()
            finally:
                self.producer = None
        self.stopReading()
        self.stopWriting()

    # -- IConsumer / IPushProducer -----------------------------------------------------------------

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Attach a producer, throttled by the write queue."""
        if self.producer is not None:
            raise RuntimeError(f"Cannot register producer {producer}, because producer "
                               f"{self.producer} was never unregistered.")
        if self.disconnected:
            producer.stopProducing()
            return
        self.producer = producer
        self.streamingProducer = streaming
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        """Detach the producer; a pending close may now complete."""
        self.producer = None
        if self.connected and self.disconnecting:
            self.startWriting()

    def stopConsuming(self) -> None:
        """Detach the producer and close."""
        self.unregisterProducer()
        self.loseConnection()

    def pauseProducing(self) -> None:
        """Stop reading (we are the producer of received data)."""
        self.stopReading()

    def resumeProducing(self) -> None:
        """Read again."""
        if self.connected and not self.disconnecting:
            self.startReading()

    def stopProducing(self) -> None:
        """Close the connection."""
        self.loseConnection()

