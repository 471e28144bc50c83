"""AMP's boxes and their wire format, and the errors AMP raises.

A box is a mapping of byte keys to byte values. On the wire each key and each value is a
16-bit big-endian length followed by that many bytes, keys in sorted order, and an empty key
ends the box. A key is 1 to 255 bytes, a value at most 65,535.
"""

from __future__ import annotations

from struct import Struct
from typing import Any

ASK = b"_ask"
ANSWER = b"_answer"
COMMAND = b"_command"
ERROR = b"_error"
ERROR_CODE = b"_error_code"
ERROR_DESCRIPTION = b"_error_description"
UNKNOWN_ERROR_CODE = b"UNKNOWN"
UNHANDLED_ERROR_CODE = b"UNHANDLED"

MAX_KEY_LENGTH = 0xFF
MAX_VALUE_LENGTH = 0xFFFF

_LENGTH = Struct("!H")
_END_OF_BOX = _LENGTH.pack(0)


class AmpError(Exception):
    """The base of every AMP error."""


class ProtocolSwitched(Exception):
    """The connection switched to another protocol: it carries no more AMP boxes."""


class NoEmptyBoxes(AmpError):
    """A box with no ``_ask``, ``_answer``, ``_error`` or ``_command`` key was received."""


class InvalidSignature(AmpError):
    """A command was called without one of its required arguments, or with one it lacks."""


class TooLong(AmpError):
    """A key or value over AMP's length limits, to be sent (local) or received (remote)."""

    def __init__(self, isKey: bool, isLocal: bool, value: bytes | None,
                 keyName: bytes | None = None) -> None:
        super().__init__()
        self.isKey = isKey
        self.isLocal = isLocal
        self.value = value
        self.keyName = keyName

    def __repr__(self) -> str:
        where = "key" if self.isKey else f"value {self.keyName!r}"
        side = "local" if self.isLocal else "remote"
        return f"{side} {where} too long: {len(self.value or b'')}"


class BadLocalReturn(AmpError):
    """A responder returned something its command's response cannot encode."""

    def __init__(self, message: str, enclosed: Any) -> None:
        super().__init__()
        self.message = message
        self.enclosed = enclosed

    def __repr__(self) -> str:
        return self.message + " " + self.enclosed.getBriefTraceback()

    __str__ = __repr__


def _escapedCode(code: bytes) -> str:
    """The error code as text, bytes over 0x7f written as ``\\xNN``."""
    return "".join(f"\\x{c:2x}" if c >= 0x80 else chr(c) for c in code)


class RemoteAmpError(AmpError):
    """An error the peer sent us: its code, its description, and whether it was fatal."""

    def __init__(self, errorCode: bytes, description: Any, fatal: bool = False,
                 local: Any = None) -> None:
        where = " (local)" if local else ""
        message = f"Code<{_escapedCode(errorCode)}>{where}: {description}"
        if local:
            message += "\n" + local.getBriefTraceback()
        super().__init__(message)
        self.local = local
        self.errorCode = errorCode
        self.description = description
        self.fatal = fatal


class UnknownRemoteError(RemoteAmpError):
    """The peer raised an error its command does not declare."""

    def __init__(self, description: Any) -> None:
        super().__init__(UNKNOWN_ERROR_CODE, description)


class MalformedAmpBox(AmpError):
    """The bytes received are not a well-formed box."""


class UnhandledCommand(AmpError):
    """The peer has no responder for the command we sent."""


class IncompatibleVersions(AmpError):
    """The two ends could not agree on a version of their protocol."""


PROTOCOL_ERRORS = {UNHANDLED_ERROR_CODE: UnhandledCommand}


class AmpBox(dict):
    """A box: a dict of bytes to bytes (text keys are encoded as ASCII)."""

    __slots__: list[str] = []

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for name in [n for n in self if not isinstance(n, bytes)]:
            self[name.encode("ascii")] = self.pop(name)

    def copy(self) -> AmpBox:
        """Another box of the same class with the same items."""
        other = self.__class__()
        other.update(self)
        return other

    def serialize(self) -> bytes:
        """The box on the wire; TooLong if a key or value is over its limit."""
        pack = _LENGTH.pack
        parts = []
        for key, value in sorted(self.items()):
            if not isinstance(key, bytes):
                raise TypeError(f"Unicode key not allowed: {key!r}")
            if not isinstance(value, bytes):
                raise TypeError(f"Unicode value for key {key!r} not allowed: {value!r}")
            if len(key) > MAX_KEY_LENGTH:
                raise TooLong(True, True, key, None)
            if len(value) > MAX_VALUE_LENGTH:
                raise TooLong(False, True, value, key)
            parts += (pack(len(key)), key, pack(len(value)), value)
        parts.append(_END_OF_BOX)
        return b"".join(parts)

    def _sendTo(self, proto: Any) -> None:
        """Send this box through ``proto`` (an AMP connection)."""
        proto.sendBox(self)

    def __repr__(self) -> str:
        return f"AmpBox({dict.__repr__(self)})"


Box = AmpBox


class QuitBox(AmpBox):
    """A box after which the sender closes the connection."""

    __slots__: list[str] = []

    def __repr__(self) -> str:
        return f"QuitBox(**{super().__repr__()})"

    def _sendTo(self, proto: Any) -> None:
        """Send the box, then close the connection."""
        super()._sendTo(proto)
        proto.transport.loseConnection()


class BoxParser:
    """Reads boxes from a byte stream in pieces; refuses a key over 255 bytes."""

    def __init__(self) -> None:
        self._buffer = b""
        self._box: AmpBox | None = None
        self._key: bytes | None = None
        self.keyTooLong = False

    def feed(self, data: bytes) -> list[AmpBox]:
        """The boxes ``data`` completes; ``keyTooLong`` set (and nothing more read) on a
        key length over the limit."""
        if self.keyTooLong:
            return []
        buf = self._buffer + data if self._buffer else data
        boxes = []
        offset, end = 0, len(buf)
        unpack = _LENGTH.unpack_from
        while end - offset >= 2:
            (length,) = unpack(buf, offset)
            if self._key is None and length > MAX_KEY_LENGTH:
                self.keyTooLong = True
                self._buffer = b""
                return boxes
            start = offset + 2
            if end - start < length:
                break
            string = buf[start:start + length]
            offset = start + length
            if self._box is None:
                self._box = AmpBox()
            if self._key is not None:
                self._box[self._key] = string
                self._key = None
            elif string:
                self._key = string
            else:
                boxes.append(self._box)
                self._box = None
        self._buffer = buf[offset:]
        return boxes


def parseString(data: bytes) -> list[AmpBox]:
    """The complete boxes in ``data``."""
    parser = BoxParser()
    boxes = parser.feed(data)
    if parser.keyTooLong:
        raise TooLong(True, False, None, None)
    return boxes


def parse(fileObj: Any) -> list[AmpBox]:
    """The complete boxes in a binary file."""
    return parseString(fileObj.read())
