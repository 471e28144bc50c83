"""Banana, mirroring ``twisted.spread.banana``: s-expressions of lists, byte strings, ints
and floats on a byte stream.

Each item is a base-128 prefix (least significant digit first, each byte below 0x80)
followed by a type byte: the prefix is a list's length, a string's length, an int's
magnitude or a vocabulary number. The peer's limits are enforced before anything is
allocated: a prefix of more than ``prefixLimit`` digits, and a list or string longer
than ``SIZE_LIMIT``, end the connection.
"""

import re
import struct
from typing import Any

from refreactor.internet import protocol
from refreactor.persisted import styles
from refreactor.python import log


class BananaError(Exception):
    """The peer broke the protocol, or an object cannot be sent."""


LIST = b"\x80"
INT = b"\x81"
STRING = b"\x82"
NEG = b"\x83"
FLOAT = b"\x84"
LONGINT = b"\x85"
LONGNEG = b"\x86"
VOCAB = b"\x87"
HIGH_BIT_SET = b"\x80"

SIZE_LIMIT = 640 * 1024
_PREFIX_LIMIT = 64
_FLOAT = struct.Struct("!d")
_FLOAT_SIZE = _FLOAT.size


def setPrefixLimit(limit: int) -> None:
    """Allow prefixes of up to ``limit`` digits on connections made from now on."""
    global _PREFIX_LIMIT
    _PREFIX_LIMIT = limit


def int2b128(integer: int, stream: Any) -> None:
    """Write the base-128 digits of ``integer`` (>= 0) to the callable ``stream``."""
    stream(_b128(integer))


def _b128(integer: int) -> bytes:
    """The base-128 digits of ``integer`` >= 0, least significant first."""
    if integer < 0:
        raise ValueError("can only encode positive integers")
    digits = bytearray()
    while True:
        digits.append(integer & 0x7F)
        integer >>= 7
        if not integer:
            return bytes(digits)


def b1282int(digits: bytes) -> int:
    """The integer whose base-128 digits (least significant first) are ``digits``."""
    value = 0
    for digit in reversed(digits):
        value = (value << 7) | digit
    return value


# The short strings pb sends as a vocabulary number instead of spelling them out.
_PB_WORDS = (b"None", b"class", b"dereference", b"reference", b"dictionary", b"function",
             b"instance", b"list", b"module", b"persistent", b"tuple", b"unpersistable",
             b"copy", b"cache", b"cached", b"remote", b"local", b"lcache", b"version",
             b"login", b"password", b"challenge", b"logged_in", b"not_logged_in",
             b"cachemessage", b"message", b"answer", b"error", b"decref", b"decache",
             b"uncache")


class Banana(protocol.Protocol, styles.Ephemeral):
    """The banana protocol, either end: the server offers its dialects, the client picks one.

    Subclasses override ``expressionReceived`` and ``connectionReady``.
    """

    knownDialects = [b"pb", b"none"]
    outgoingVocabulary = {word: number for number, word in enumerate(_PB_WORDS, 1)}
    incomingVocabulary = {number: word for word, number in outgoingVocabulary.items()}
    prefixLimit: int = _PREFIX_LIMIT
    sizeLimit = SIZE_LIMIT
    currentDialect: bytes | None = None

    def __init__(self, isClient: int = 1) -> None:
        self.listStack: list[tuple[int, list[Any]]] = []
        self.outgoingSymbols = dict(self.outgoingVocabulary)
        self.isClient = isClient
        self.buffer = b""
        self.setPrefixLimit(_PREFIX_LIMIT)

    def setPrefixLimit(self, limit: int) -> None:
        """Allow prefixes of up to ``limit`` digits on this connection (both ways)."""
        self.prefixLimit = limit
        self._largestLongInt = 2 ** (limit * 7) - 1
        self._prefixPattern = re.compile(rb"[\x00-\x7f]{0,%d}" % (limit + 1))

    def connectionReady(self) -> None:
        """The dialect is agreed: the connection is ready for expressions (override)."""

    def expressionReceived(self, lst: Any) -> None:
        """A whole expression arrived (override)."""
        raise NotImplementedError()

    def _selectDialect(self, dialect: bytes) -> None:
        self.currentDialect = dialect
        self.connectionReady()

    def connectionMade(self) -> None:
        """The server offers its dialects; the client waits for them."""
        self.setPrefixLimit(_PREFIX_LIMIT)
        self.currentDialect = None
        if not self.isClient:
            self.sendEncoded(self.knownDialects)

    def callExpressionReceived(self, obj: Any) -> None:
        """Pass ``obj`` on, or take it as the dialect negotiation if that is not done."""
        if self.currentDialect:
            self.expressionReceived(obj)
        elif self.isClient:
            offered = obj if isinstance(obj, list) else []
            for dialect in offered:
                if dialect in self.knownDialects:
                    self.sendEncoded(dialect)
                    self._selectDialect(dialect)
                    return
            log.msg("The client doesn't speak any of the protocols offered by the server: "
                    "disconnecting.")
            self.transport.loseConnection()
        elif isinstance(obj, bytes) and obj in self.knownDialects:
            self._selectDialect(obj)
        else:
            log.msg("The client selected a protocol the server didn't suggest and doesn't "
                    "know: disconnecting.")
            self.transport.loseConnection()

    def gotItem(self, item: Any) -> None:
        """One item decoded: into the list being read, or a whole expression."""
        if self.listStack:
            self.listStack[-1][1].append(item)
        else:
            self.callExpressionReceived(item)

    def dataReceived(self, chunk: bytes) -> None:
        """Decode every whole item in the buffer. A broken stream raises (BananaError,
        NotImplementedError for an unknown type byte, KeyError for an unknown vocabulary
        number, as Twisted does): the reactor then drops the connection."""
        self._decode(chunk)

    def _decode(self, chunk: bytes) -> None:
        buffer = self.buffer + chunk if self.buffer else chunk
        pos, end = 0, len(buffer)
        listStack = self.listStack
        self.buffer = b""
        while pos < end:
            first = buffer[pos]
            if first < 0x80 and pos + 1 < end and buffer[pos + 1] >= 0x80:
                number, typePos = first, pos + 1  # The usual one-digit prefix.
            else:
                number, typePos = self._prefix(buffer, pos)
                if typePos == end:
                    break  # The prefix is not whole yet.
            typeByte = buffer[typePos]
            rest = typePos + 1
            if typeByte == 0x82:  # STRING
                if number > SIZE_LIMIT:
                    raise BananaError("Security precaution: String too long.")
                if end - rest < number:
                    break
                pos = rest + number
                item: Any = buffer[rest:pos]
            elif typeByte == 0x80:  # LIST
                if number > SIZE_LIMIT:
                    raise BananaError("Security precaution: List too long.")
                pos = rest
                if number:
                    listStack.append((number, []))
                    continue
                item = []
            elif typeByte == 0x87:  # VOCAB
                pos, item = rest, self._word(number)
            elif typeByte == 0x81 or typeByte == 0x85:  # INT, LONGINT
                pos, item = rest, number
            elif typeByte == 0x83 or typeByte == 0x86:  # NEG, LONGNEG
                pos, item = rest, -number
            elif typeByte == 0x84:  # FLOAT
                if end - rest < _FLOAT_SIZE:
                    break
                pos = rest + _FLOAT_SIZE
                item = _FLOAT.unpack_from(buffer, rest)[0]
            else:
                # Twisted's exception for this (not a BananaError).
                raise NotImplementedError(f"Invalid Type Byte {bytes([typeByte])!r}")
            while listStack:  # Add the item, closing every list it completes.
                count, items = listStack[-1]
                items.append(item)
                if len(items) < count:
                    break
                listStack.pop()
                item = items
            else:
                self.callExpressionReceived(item)
        self.buffer = buffer[pos:]

    def _prefix(self, buffer: bytes, pos: int) -> tuple[int, int]:
        """(number, position of the type byte) of the prefix at ``pos``; BananaError if it
        is longer than the limit (the position is the end if the prefix is not whole)."""
        typePos = self._prefixPattern.match(buffer, pos).end()
        if typePos - pos > self.prefixLimit:
            raise BananaError(f"Security precaution: more than {self.prefixLimit} bytes of "
                              "prefix")
        return b1282int(buffer[pos:typePos]), typePos

    def _word(self, number: int) -> bytes:
        if self.currentDialect != b"pb":
            raise NotImplementedError(f"Invalid item for pb protocol {number}")
        return self.incomingVocabulary[number]  # KeyError for an unknown number, as Twisted

    def sendEncoded(self, obj: Any) -> None:
        """Write the encoding of ``obj``; BananaError if it holds something banana cannot send."""
        out: list[bytes] = []
        self._encode(obj, out.append)
        self.transport.write(b"".join(out))

    def _encode(self, obj: Any, write: Any) -> None:
        kind = type(obj)
        if kind is list or kind is tuple:
            if len(obj) > SIZE_LIMIT:
                raise BananaError(f"list/tuple is too long to send ({len(obj)})")
            write(_LIST_HEADS[len(obj)] if len(obj) < 128 else _b128(len(obj)) + LIST)
            for element in obj:
                self._encode(element, write)
        elif kind is bytes:
            symbol = self.outgoingSymbols.get(obj) if self.currentDialect == b"pb" else None
            if symbol is not None:
                write(_VOCAB_ITEMS.get(symbol) or _b128(symbol) + VOCAB)
            elif len(obj) < 128:
                write(_STRING_HEADS[len(obj)] + obj)
            elif len(obj) > SIZE_LIMIT:
                raise BananaError(f"byte string is too long to send ({len(obj)})")
            else:
                write(_b128(len(obj)) + STRING + obj)
        elif kind is int:
            write(_SMALL_INTS[obj] if 0 <= obj < 128 else self._encodeInt(obj))
        elif kind is float:
            write(FLOAT + _FLOAT.pack(obj))
        elif isinstance(obj, (list, tuple)):
            self._encode(list(obj), write)
        elif isinstance(obj, bytes):
            self._encode(bytes(obj), write)
        elif isinstance(obj, int):  # bool and other int subclasses: as their value
            self._encode(int(obj), write)
        elif isinstance(obj, float):
            self._encode(float(obj), write)
        else:
            name = f"{kind.__module__}.{kind.__qualname__}"
            raise BananaError(f"Banana cannot send {name} objects: {obj!r}")

    def _encodeInt(self, n: int) -> bytes:
        if n > self._largestLongInt or -n > self._largestLongInt:
            raise BananaError(f"int is too large to send ({n})")
        if n >= 0:
            return _b128(n) + (INT if n < 2 ** 31 else LONGINT)
        return _b128(-n) + (NEG if n >= -(2 ** 31) else LONGNEG)


# Encodings of the most common items, computed once.
_LIST_HEADS = [bytes((n,)) + LIST for n in range(128)]
_STRING_HEADS = [bytes((n,)) + STRING for n in range(128)]
_SMALL_INTS = [bytes((n,)) + INT for n in range(128)]
_VOCAB_ITEMS = {n: _b128(n) + VOCAB for n in range(1, len(_PB_WORDS) + 1)}


class _Codec(Banana):
    """A banana end with no connection, for ``encode`` and ``decode``: the plain dialect."""

    def __init__(self) -> None:
        super().__init__()
        self.currentDialect = b"none"
        self.expressions: list[Any] = []

    def expressionReceived(self, lst: Any) -> None:
        """Keep the decoded expression."""
        self.expressions.append(lst)


def encode(lst: Any) -> bytes:
    """The banana encoding of ``lst`` (no vocabulary)."""
    out: list[bytes] = []
    _Codec()._encode(lst, out.append)
    return b"".join(out)


def decode(st: bytes) -> Any:
    """The first expression encoded in ``st``; BananaError if it is invalid or incomplete."""
    codec = _Codec()
    codec._decode(st)
    if not codec.expressions:
        raise BananaError("incomplete banana expression")
    return codec.expressions[0]
