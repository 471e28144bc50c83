"""AMP's argument types: how a Python value becomes the bytes of a box value, and back."""

from __future__ import annotations

import datetime
import decimal
from struct import Struct
from typing import Any

from zope.interface import Interface, implementer

from refreactor.protocols._ampbox import AmpBox, parseString
from refreactor.python.filepath import FilePath

# The names Twisted's AMP capitalizes when they arrive as argument names (Python 2's keywords).
_PYTHON_KEYWORDS = frozenset(
    "and del for is raise assert elif from lambda return break else global not try class "
    "except if or while continue exec import pass yield def finally in print".split())

_LENGTH = Struct("!H")


def _wireNameToPythonIdentifier(key: bytes) -> str:
    """The keyword name of wire name ``key``: dashes become underscores, keywords capitalized."""
    name = key.replace(b"-", b"_").decode("ascii")
    return name.title() if name in _PYTHON_KEYWORDS else name


class IArgumentType(Interface):
    """Converts a Python value to the strings of a box and back."""

    def fromBox(name: bytes, strings: dict, objects: dict, proto: Any) -> None:  # noqa: N805
        """Decode ``name`` from ``strings`` into ``objects``."""

    def toBox(name: bytes, strings: dict, objects: dict, proto: Any) -> None:  # noqa: N805
        """Encode ``name`` from ``objects`` into ``strings``."""


@implementer(IArgumentType)
class Argument:
    """The base of argument types: ``toString`` and ``fromString`` convert one value."""

    optional = False

    def __init__(self, optional: bool = False) -> None:
        self.optional = optional

    def retrieve(self, d: dict, name: Any, proto: Any) -> Any:
        """Take ``name`` out of ``d``: None if optional and absent, else KeyError if absent."""
        if self.optional:
            value = d.get(name)
            if value is not None:
                del d[name]
            return value
        return d.pop(name)

    def fromBox(self, name: bytes, strings: dict, objects: dict, proto: Any) -> None:
        """Decode the value of ``name`` from box ``strings`` into ``objects``."""
        string = self.retrieve(strings, name, proto)
        pythonName = _wireNameToPythonIdentifier(name)
        if self.optional and string is None:
            objects[pythonName] = None
        else:
            objects[pythonName] = self.fromStringProto(string, proto)

    def toBox(self, name: bytes, strings: dict, objects: dict, proto: Any) -> None:
        """Encode the value of ``name`` from ``objects`` into box ``strings``."""
        value = self.retrieve(objects, _wireNameToPythonIdentifier(name), proto)
        if not (self.optional and value is None):
            strings[name] = self.toStringProto(value, proto)

    def fromStringProto(self, inString: bytes, proto: Any) -> Any:
        """Decode one value received on connection ``proto``."""
        return self.fromString(inString)

    def toStringProto(self, inObject: Any, proto: Any) -> bytes:
        """Encode one value to send on connection ``proto``."""
        return self.toString(inObject)

    def fromString(self, inString: bytes) -> Any:
        """Decode one value; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__}.fromString")

    def toString(self, inObject: Any) -> bytes:
        """Encode one value; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__}.toString")


class Integer(Argument):
    """An int of any size, in decimal."""

    def fromString(self, inString: bytes) -> int:
        """The int written in ``inString``."""
        return int(inString)

    def toString(self, inObject: int) -> bytes:
        """``inObject`` in decimal."""
        return b"%d" % (inObject,)


class String(Argument):
    """Bytes, as they are."""

    def fromString(self, inString: bytes) -> bytes:
        """The bytes themselves."""
        return inString

    def toString(self, inObject: bytes) -> bytes:
        """The bytes themselves."""
        return inObject


class Float(Argument):
    """A float, as ``str`` writes it."""

    def fromString(self, inString: bytes) -> float:
        """The float written in ``inString``."""
        return float(inString)

    def toString(self, inObject: float) -> bytes:
        """``inObject`` as text; only a float is accepted."""
        if not isinstance(inObject, float):
            raise ValueError(f"Bad float value {inObject!r}")
        return str(inObject).encode("ascii")


class Boolean(Argument):
    """True or False, as ``True`` / ``False``."""

    def fromString(self, inString: bytes) -> bool:
        """True for ``True``, False for ``False``, TypeError otherwise."""
        if inString == b"True":
            return True
        if inString == b"False":
            return False
        raise TypeError(f"Bad boolean value: {inString!r}")

    def toString(self, inObject: Any) -> bytes:
        """``True`` if ``inObject`` is true, else ``False``."""
        return b"True" if inObject else b"False"


class Unicode(String):
    """Text, in UTF-8."""

    def fromString(self, inString: bytes) -> str:
        """The text encoded in ``inString``."""
        return inString.decode("utf-8")

    def toString(self, inObject: str) -> bytes:
        """``inObject`` in UTF-8."""
        return inObject.encode("utf-8")


class Path(Unicode):
    """A FilePath, as its path in UTF-8."""

    def fromString(self, inString: bytes) -> FilePath:
        """The FilePath of the path in ``inString``."""
        return FilePath(Unicode.fromString(self, inString))

    def toString(self, inObject: FilePath) -> bytes:
        """The path of ``inObject``."""
        return Unicode.toString(self, inObject.asTextMode().path)


def _lengthPrefixed(data: bytes) -> list[bytes]:
    """The 16-bit length-prefixed strings of ``data`` (an incomplete one at its end ignored)."""
    strings, offset, end = [], 0, len(data)
    while end - offset >= 2:
        (length,) = _LENGTH.unpack_from(data, offset)
        if end - offset - 2 < length:
            break
        strings.append(data[offset + 2:offset + 2 + length])
        offset += 2 + length
    return strings


class ListOf(Argument):
    """A list of values of one type, each a 16-bit length-prefixed string in one box value."""

    def __init__(self, elementType: Argument, optional: bool = False) -> None:
        self.elementType = elementType
        super().__init__(optional)

    def fromString(self, inString: bytes) -> list:
        """The list encoded in ``inString``."""
        decode = self.elementType.fromString
        return [decode(s) for s in _lengthPrefixed(inString)]

    def toString(self, inObject: Any) -> bytes:
        """Each element of ``inObject``, length-prefixed, end to end."""
        parts = []
        for item in inObject:
            encoded = self.elementType.toString(item)
            parts += (_LENGTH.pack(len(encoded)), encoded)
        return b"".join(parts)


class AmpList(Argument):
    """A list of dicts, each sent as a serialized box, end to end in one box value."""

    def __init__(self, subargs: list[tuple[bytes, Argument]], optional: bool = False) -> None:
        if not all(isinstance(name, bytes) for name, _ in subargs):
            raise TypeError("AmpList should be defined with a list of (name, argument) tuples "
                            f"where `name' is a byte string, got: {subargs!r}")
        self.subargs = subargs
        super().__init__(optional)

    def fromStringProto(self, inString: bytes, proto: Any) -> list[dict]:
        """The dicts of the boxes in ``inString``."""
        return [stringsToObjects(box, self.subargs, proto) for box in parseString(inString)]

    def toStringProto(self, inObject: Any, proto: Any) -> bytes:
        """Each dict of ``inObject`` as a serialized box."""
        return b"".join(objectsToStrings(objects, self.subargs, AmpBox(), proto).serialize()
                        for objects in inObject)


class Decimal(Argument):
    """A ``decimal.Decimal``, as its ``str`` (``Infinity``, ``NaN``, ``1E+2``...)."""

    def fromString(self, inString: bytes) -> decimal.Decimal:
        """The Decimal written in ``inString``."""
        return decimal.Decimal(inString.decode("ascii"))

    def toString(self, inObject: decimal.Decimal) -> bytes:
        """``inObject`` as text; only a Decimal is accepted."""
        if not isinstance(inObject, decimal.Decimal):
            raise ValueError("amp.Decimal can only encode instances of decimal.Decimal")
        return str(inObject).encode("ascii")


utc = datetime.UTC

# Where each number sits in the 32 characters of YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM.
_DATETIME_FIELDS = (slice(0, 4), slice(5, 7), slice(8, 10), slice(11, 13), slice(14, 16),
                    slice(17, 19), slice(20, 26), slice(27, 29), slice(30, 32))


class DateTime(Argument):
    """An aware datetime, as ``YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM`` (32 characters)."""

    def fromString(self, inString: bytes) -> datetime.datetime:
        """The datetime, with a fixed-offset time zone, written in ``inString``."""
        text = inString.decode("ascii")
        if len(text) != 32:
            raise ValueError(f"invalid date format {text!r}")
        values = [int(text[field]) for field in _DATETIME_FIELDS]
        offset = datetime.timedelta(hours=values[7], minutes=values[8])
        if text[26] == "-":
            offset = -offset
        elif text[26] != "+":
            raise ValueError(f"invalid sign {text[26]!r}")
        return datetime.datetime(*values[:7], tzinfo=datetime.timezone(offset))

    def toString(self, inObject: datetime.datetime) -> bytes:
        """``inObject`` in the wire format; a naive datetime is refused."""
        offset = inObject.utcoffset()
        if offset is None:
            raise ValueError("amp.DateTime cannot serialize naive datetime instances.  "
                             "You may find amp.utc useful.")
        minutes = (offset.days * 86400 + offset.seconds) // 60
        sign = "+" if minutes > 0 else "-"
        i = inObject
        text = (f"{i.year:04d}-{i.month:02d}-{i.day:02d}T{i.hour:02d}:{i.minute:02d}:"
                f"{i.second:02d}.{i.microsecond:06d}{sign}"
                f"{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
        return text.encode("ascii")


def stringsToObjects(strings: dict, arglist: list[tuple[bytes, Argument]],
                     proto: Any) -> dict[str, Any]:
    """The keyword arguments ``arglist`` decodes from box ``strings``."""
    objects: dict[str, Any] = {}
    remaining = dict(strings)
    for name, argument in arglist:
        argument.fromBox(name, remaining, objects, proto)
    return objects


def objectsToStrings(objects: dict, arglist: list[tuple[bytes, Argument]], strings: Any,
                     proto: Any) -> Any:
    """Box ``strings``, filled with the values of ``objects`` that ``arglist`` encodes."""
    remaining = dict(objects)
    for name, argument in arglist:
        argument.toBox(name, strings, remaining, proto)
    return strings
