"""Symbolic constants, as Twisted takes them from ``constantly`` (``LogLevel`` is made of them).

Private: Twisted 26 no longer has ``twisted.python.constants``, so refreactor does not
offer the name either.

A ``Names`` subclass declares ``NamedConstant()`` attributes: each knows its ``name``, and
constants of one class sort in the order they were declared. ``Values`` constants also carry
a ``value`` (``lookupByValue``); ``Flags`` constants are bits, combined with ``|``, ``&``,
``^`` and ``~``, numbered 1, 2, 4... unless given a value.
"""

import itertools
from collections.abc import Iterator
from operator import and_, or_, xor
from typing import Any

_declarationOrder = itertools.count()
_unspecified: Any = object()


class _Constant:
    """What every kind of constant has: a name, a container, a place in the order."""

    def __init__(self) -> None:
        self._container: Any = None
        self._index = next(_declarationOrder)
        self.name = ""

    def __repr__(self) -> str:
        return f"<{self._container.__name__}={self.name}>"

    def _comparable(self, other: Any) -> bool:
        return isinstance(other, self.__class__) and self._container == other._container

    def __lt__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index < other._index

    def __le__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self is other or self._index < other._index

    def __gt__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index > other._index

    def __ge__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self is other or self._index > other._index

    def _realize(self, container: type, name: Any, value: Any) -> None:
        self._container = container
        self.name = name


class _Container:
    """A class of constants: it names them when it is made, and is never instantiated."""

    _constantType: Any = None
    _enumerants: dict[str, Any] = {}

    def __new__(cls) -> Any:
        raise TypeError(f"{cls.__name__} may not be instantiated.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls._constantType is None:
            return
        declared = [(value._index, name, value) for name, value in vars(cls).items()
                    if isinstance(value, cls._constantType)]
        cls._enumerants = {}
        for _, name, constant in sorted(declared, key=lambda entry: entry[0]):
            if constant._container is not None:
                raise ValueError(f"Cannot use {constant} as the value of an attribute on "
                                 f"{cls.__name__}")
            constant._realize(cls, name, cls._valueFor(constant))
            cls._enumerants[name] = constant

    @classmethod
    def _valueFor(cls, constant: Any) -> Any:
        return _unspecified

    @classmethod
    def lookupByName(cls, name: str) -> Any:
        """The constant called ``name``; ValueError if there is none."""
        if name in cls._enumerants:
            return cls._enumerants[name]
        raise ValueError(name)

    @classmethod
    def iterconstants(cls) -> Iterator[Any]:
        """The constants, in the order they were declared."""
        return iter(sorted(cls._enumerants.values(), key=lambda constant: constant._index))


class NamedConstant(_Constant):
    """A constant known only by its name."""


class Names(_Container):
    """A class of NamedConstants."""

    _constantType = NamedConstant


class ValueConstant(_Constant):
    """A constant with a ``value``."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Values(_Container):
    """A class of ValueConstants."""

    _constantType = ValueConstant

    @classmethod
    def lookupByValue(cls, value: Any) -> Any:
        """The first constant whose value is ``value``; ValueError if there is none."""
        for constant in cls.iterconstants():
            if constant.value == value:
                return constant
        raise ValueError(value)


class FlagConstant(_Constant):
    """A bit (or, once combined, a set of bits) of a Flags class."""

    def __init__(self, value: Any = _unspecified) -> None:
        super().__init__()
        self.value = value
        self.names: set[str] = set()

    def _realize(self, container: type, names: Any, value: Any) -> None:
        if isinstance(names, str):
            names = {names}
        name = next(iter(names)) if len(names) == 1 else "{" + ",".join(sorted(names)) + "}"
        super()._realize(container, name, value)
        self.value = value
        self.names = names

    def _combine(self, op: Any, other: "FlagConstant") -> "FlagConstant":
        result = FlagConstant()
        result._realize(self._container, op(self.names, other.names),
                        op(self.value, other.value))
        return result

    def __or__(self, other: "FlagConstant") -> "FlagConstant":
        return self._combine(or_, other)

    def __and__(self, other: "FlagConstant") -> "FlagConstant":
        return self._combine(and_, other)

    def __xor__(self, other: "FlagConstant") -> "FlagConstant":
        return self._combine(xor, other)

    def __invert__(self) -> "FlagConstant":
        result = FlagConstant()
        result._realize(self._container, set(), 0)
        for flag in self._container.iterconstants():
            if flag.value & self.value == 0:
                result |= flag
        return result

    def __iter__(self) -> Iterator["FlagConstant"]:
        return (self._container.lookupByName(name) for name in self.names)

    def __contains__(self, flag: "FlagConstant") -> bool:
        return bool(flag & self)

    def __bool__(self) -> bool:
        return bool(self.value)

    __hash__ = object.__hash__


class Flags(Values):
    """A class of FlagConstants: each unvalued flag is the next bit after the previous."""

    _constantType = FlagConstant
    _nextValue = 1

    @classmethod
    def _valueFor(cls, constant: Any) -> int:
        if "_nextValue" not in vars(cls):
            cls._nextValue = 1
        value = cls._nextValue if constant.value is _unspecified else constant.value
        cls._nextValue = value << 1
        return value


__all__ = ["NamedConstant", "ValueConstant", "FlagConstant", "Names", "Values", "Flags"]
