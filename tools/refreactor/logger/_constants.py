"""Named, ordered constants (as ``constantly`` gives Twisted): ``LogLevel.info`` and friends."""

from collections.abc import Iterator
from typing import Any


class NamedConstant:
    """One constant of a ``Names`` class: it knows its ``name`` and sorts in definition order."""

    _order = 0

    def __init__(self) -> None:
        NamedConstant._order += 1
        self._index = NamedConstant._order
        self.name = ""
        self._container = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self._container = owner.__name__

    def __repr__(self) -> str:
        return f"<{self._container}={self.name}>"

    def _comparable(self, other: Any) -> bool:
        return isinstance(other, NamedConstant) and other._container == self._container

    def __lt__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index < other._index

    def __le__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index <= other._index

    def __gt__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index > other._index

    def __ge__(self, other: Any) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._index >= other._index

    __hash__ = object.__hash__


class Names:
    """A class whose attributes are NamedConstants; look them up by name or iterate them."""

    @classmethod
    def iterconstants(cls) -> Iterator[NamedConstant]:
        """The constants, in the order they were defined."""
        constants = [v for v in vars(cls).values() if isinstance(v, NamedConstant)]
        return iter(sorted(constants, key=lambda c: c._index))

    @classmethod
    def lookupByName(cls, name: str) -> NamedConstant:
        """The constant called ``name``; ValueError if there is none."""
        value = vars(cls).get(name)
        if not isinstance(value, NamedConstant):
            raise ValueError(name)
        return value
