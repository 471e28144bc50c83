"""Framing protocols, mirroring ``twisted.protocols.basic``: lines, netstrings, length prefixes.

Each receiver turns the byte stream of ``dataReceived`` into whole messages (``lineReceived``,
``stringReceived``) and frames what it sends the same way. ``FileSender`` is a pull producer
that copies a file to a consumer.
"""

import math
import re
from struct import calcsize, pack, unpack
from typing import IO, Any

from zope.interface import implementer

from refreactor.internet import defer, interfaces, protocol
from refreactor.python import log


class _PauseableMixin:
    """Pausing a receiver pauses its transport and holds back the messages already buffered."""

    paused = False
    transport: Any = None

    def pauseProducing(self) -> None:
        """Stop delivering messages and stop the transport reading."""
        self.paused = True
        self.transport.pauseProducing()

    def resumeProducing(self) -> None:
        """Deliver the buffered messages and let the transport read again."""
        self.paused = False
        self.transport.resumeProducing()
        self.dataReceived(b"")  # type: ignore[attr-defined]

    def stopProducing(self) -> None:
        """Stop delivering messages for good and stop the transport."""
        self.paused = True
        self.transport.stopProducing()


def _disconnecting(transport: Any) -> bool:
    return bool(getattr(transport, "disconnecting", False))


class LineReceiver(protocol.Protocol, _PauseableMixin):
    """Receives lines (``lineReceived``) or, in raw mode, chunks (``rawDataReceived``).

    ``delimiter`` ends each line; a line longer than ``MAX_LENGTH`` bytes goes to
    ``lineLengthExceeded`` instead, which by default drops the connection.
    """

    line_mode = 1
    delimiter = b"\r\n"
    MAX_LENGTH = 16384
    _buffer = b""
    _start = 0  # Where the unread part of _buffer begins: no copy per line.
    _busyReceiving = False

    def clearLineBuffer(self) -> bytes:
        """Forget the bytes received but not yet delivered, and return them."""
        rest = self._buffer[self._start:]
        self._buffer, self._start = b"", 0
        return rest

    def dataReceived(self, data: bytes) -> Any:
        """Split the received bytes into lines (or raw chunks) and deliver them."""
        if self._busyReceiving:
            # Called back from lineReceived/rawDataReceived: the running loop will get to it.
            self._buffer += data
            return None
        self._busyReceiving = True
        try:
            self._buffer += data
            return self._deliver()
        finally:
            self._busyReceiving = False
            if self._start:
                self._buffer, self._start = self._buffer[self._start:], 0

    def _deliver(self) -> Any:
        while not self.paused:
            buffer, start = self._buffer, self._start
            if start >= len(buffer):
                return None
            if not self.line_mode:
                self._buffer, self._start = b"", 0
                why = self.rawDataReceived(buffer[start:] if start else buffer)
                if why:
                    return why
                continue
            delimiter = self.delimiter
            end = buffer.find(delimiter, start)
            if end < 0:
                if len(buffer) - start >= self.MAX_LENGTH + len(delimiter):
                    self._buffer, self._start = b"", 0
                    return self.lineLengthExceeded(buffer[start:])
                return None
            if end - start > self.MAX_LENGTH:
                self._buffer, self._start = b"", 0
                return self.lineLengthExceeded(buffer[start:])
            self._start = end + len(delimiter)
            why = self.lineReceived(buffer[start:end])
            if why or _disconnecting(self.transport):
                return why
        return None

    def setLineMode(self, extra: bytes = b"") -> Any:
        """Deliver lines from now on; ``extra`` (bytes read past raw data) is parsed first."""
        self.line_mode = 1
        if extra:
            return self.dataReceived(extra)
        return None

    def setRawMode(self) -> None:
        """Deliver raw chunks to ``rawDataReceived`` from now on, starting with the buffer."""
        self.line_mode = 0

    def rawDataReceived(self, data: bytes) -> Any:
        """Raw bytes arrived in raw mode (override)."""
        raise NotImplementedError

    def lineReceived(self, line: bytes) -> Any:
        """A line arrived, without its delimiter (override)."""
        raise NotImplementedError

    def sendLine(self, line: bytes) -> Any:
        """Send ``line`` followed by the delimiter."""
        return self.transport.write(line + self.delimiter)

    def lineLengthExceeded(self, line: bytes) -> Any:
        """A line was longer than ``MAX_LENGTH``: drop the connection (override to differ).

        ``line`` holds the rest of the buffer from the start of the long line on.
        """
        return self.transport.loseConnection()


class LineOnlyReceiver(protocol.Protocol):
    """A faster LineReceiver for protocols that never switch to raw mode."""

    delimiter = b"\r\n"
    MAX_LENGTH = 16384
    _buffer = b""

    def dataReceived(self, data: bytes) -> Any:
        """Split the received bytes into lines and deliver them."""
        lines = (self._buffer + data).split(self.delimiter)
        self._buffer = lines.pop()
        for line in lines:
            if _disconnecting(self.transport):
                return None
            if len(line) > self.MAX_LENGTH:
                return self.lineLengthExceeded(line)
            self.lineReceived(line)
        if len(self._buffer) > self.MAX_LENGTH:
            return self.lineLengthExceeded(self._buffer)
        return None

    def lineReceived(self, line: bytes) -> Any:
        """A line arrived, without its delimiter (override)."""
        raise NotImplementedError

    def sendLine(self, line: bytes) -> Any:
        """Send ``line`` followed by the delimiter."""
        return self.transport.writeSequence((line, self.delimiter))

    def lineLengthExceeded(self, line: bytes) -> Any:
        """A line was longer than ``MAX_LENGTH``: drop the connection (override to differ)."""
        return self.transport.loseConnection()


class NetstringParseError(ValueError):
    """The received bytes are not a well-formed netstring."""


class IncompleteNetstring(Exception):
    """More bytes are needed to complete the netstring."""


class NetstringReceiver(protocol.Protocol):
    """Sends and receives netstrings (``12:hello world!,``); see cr.yp.to/proto/netstrings.txt.

    A netstring longer than ``MAX_LENGTH``, or malformed, drops the connection and sets
    ``brokenPeer``.
    """

    MAX_LENGTH = 99999
    brokenPeer = 0
    _LENGTH = re.compile(rb"(0|[1-9]\d*):")
    _LENGTH_PREFIX = re.compile(rb"(0|[1-9]\d*)$")
    _buffer = b""
    _payloadSize: int | None = None  # None while the length is being read.

    def sendString(self, string: bytes) -> None:
        """Send ``string`` as one netstring."""
        self.transport.write(b"%d:%s," % (len(string), string))

    def dataReceived(self, data: bytes) -> None:
        """Parse complete netstrings out of the received bytes and deliver each."""
        self._buffer += data
        try:
            while self._buffer and self._parseOne():
                pass
        except NetstringParseError:
            self.transport.loseConnection()
            self.brokenPeer = 1

    def _parseOne(self) -> bool:
        """Deliver one netstring from the buffer; False if it is not complete yet."""
        if self._payloadSize is None:
            match = self._LENGTH.match(self._buffer)
            if match is None:
                self._checkPartialLength()
                return False
            self._payloadSize = self._checkedLength(match.group(1))
            self._buffer = self._buffer[match.end():]
        size = self._payloadSize
        if len(self._buffer) <= size:
            return False
        if self._buffer[size:size + 1] != b",":
            raise NetstringParseError("the netstring does not end with a comma")
        payload, self._buffer = self._buffer[:size], self._buffer[size + 1:]
        self._payloadSize = None
        self.stringReceived(payload)
        return True

    def _checkPartialLength(self) -> None:
        """The buffer must be the start of a length no greater than ``MAX_LENGTH``."""
        match = self._LENGTH_PREFIX.match(self._buffer)
        if match is None:
            raise NetstringParseError("the netstring does not start with its length")
        self._checkedLength(match.group(1))

    def _checkedLength(self, digits: bytes) -> int:
        # Too many digits is too long, decided before int() could be asked for a huge number.
        if len(digits) > math.ceil(math.log10(self.MAX_LENGTH)) + 1 or (
                int(digits) > self.MAX_LENGTH):
            raise NetstringParseError(
                f"the netstring is longer than MAX_LENGTH ({self.MAX_LENGTH})")
        return int(digits)

    def stringReceived(self, string: bytes) -> None:
        """A netstring arrived; ``string`` is its payload (override)."""
        raise NotImplementedError()


class StringTooLongError(AssertionError):
    """The string is too long for the length prefix of the protocol sending it."""


class IntNStringReceiver(protocol.Protocol, _PauseableMixin):
    """Strings each preceded by their length, a ``structFormat`` integer of ``prefixLength``
    bytes; a length above ``MAX_LENGTH`` goes to ``lengthLimitExceeded``."""

    MAX_LENGTH = 99999
    structFormat: str
    prefixLength: int
    _unprocessed = b""

    def stringReceived(self, string: bytes) -> None:
        """A string arrived, without its prefix (override)."""
        raise NotImplementedError

    def lengthLimitExceeded(self, length: int) -> None:
        """A prefix announced ``length`` > ``MAX_LENGTH``: drop the connection (override)."""
        self.transport.loseConnection()

    def dataReceived(self, data: bytes) -> None:
        """Deliver every complete prefixed string received so far."""
        buffer = self._unprocessed + data
        offset = 0
        prefixLength, fmt = self.prefixLength, self.structFormat
        while len(buffer) >= offset + prefixLength and not self.paused:
            start = offset + prefixLength
            (length,) = unpack(fmt, buffer[offset:start])
            if length > self.MAX_LENGTH:
                self._unprocessed = buffer[offset:]
                self.lengthLimitExceeded(length)
                return
            end = start + length
            if len(buffer) < end:
                break
            offset = end
            self._unprocessed = buffer[offset:]
            self.stringReceived(buffer[start:end])
        self._unprocessed = buffer[offset:]

    def sendString(self, string: bytes) -> None:
        """Send ``string`` with its length prefix; StringTooLongError if it cannot be told."""
        limit = 2 ** (8 * self.prefixLength)
        if len(string) >= limit:
            raise StringTooLongError(
                f"cannot send {len(string)} bytes with a {self.prefixLength}-byte length "
                f"prefix (limit {limit - 1})")
        self.transport.write(pack(self.structFormat, len(string)) + string)


class Int32StringReceiver(IntNStringReceiver):
    """Strings prefixed by their length as a 32-bit unsigned integer in network order."""

    structFormat = "!I"
    prefixLength = calcsize(structFormat)


class Int16StringReceiver(IntNStringReceiver):
    """Strings prefixed by their length as a 16-bit unsigned integer in network order."""

    structFormat = "!H"
    prefixLength = calcsize(structFormat)


class Int8StringReceiver(IntNStringReceiver):
    """Strings prefixed by their length as one unsigned byte."""

    structFormat = "!B"
    prefixLength = calcsize(structFormat)


class StatefulStringProtocol:
    """Mixin for string receivers: each string goes to ``proto_<state>``, which returns the
    next state; the state ``"done"`` closes the connection."""

    state = "init"
    transport: Any = None

    def stringReceived(self, string: bytes) -> None:
        """Hand ``string`` to the handler of the current state."""
        handler = getattr(self, "proto_" + self.state, None)
        if handler is None:
            log.msg("callback", self.state, "not found")
            return
        self.state = handler(string)
        if self.state == "done":
            self.transport.loseConnection()


@implementer(interfaces.IProducer)
class FileSender:
    """A pull producer that writes a file's contents to a consumer, chunk by chunk."""

    CHUNK_SIZE = 2**14
    lastSent: Any = ""
    deferred: Any = None

    def beginFileTransfer(self, file: IO[bytes], consumer: Any,
                          transform: Any = None) -> defer.Deferred:
        """Start copying ``file`` (each chunk passed through ``transform``) to ``consumer``.

        The Deferred fires with the last byte written once the whole file is sent.
        """
        self.file: IO[bytes] | None = file
        self.consumer = consumer
        self.transform = transform
        self.deferred = deferred = defer.Deferred()
        consumer.registerProducer(self, False)
        return deferred

    def resumeProducing(self) -> None:
        """Write the next chunk; at the end of the file, unregister and fire the Deferred."""
        chunk = self.file.read(self.CHUNK_SIZE) if self.file else b""
        if not chunk:
            self.file = None
            self.consumer.unregisterProducer()
            if self.deferred:
                deferred, self.deferred = self.deferred, None
                deferred.callback(self.lastSent)
            return
        if self.transform:
            chunk = self.transform(chunk)
        self.consumer.write(chunk)
        self.lastSent = chunk[-1:]

    def pauseProducing(self) -> None:
        """Nothing to do: a pull producer only writes when asked."""

    def stopProducing(self) -> None:
        """The consumer wants no more: fail the Deferred."""
        if self.deferred:
            deferred, self.deferred = self.deferred, None
            deferred.errback(Exception("Consumer asked us to stop producing"))
