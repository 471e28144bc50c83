"""Persistence styles: ``Versioned`` objects upgrade their state when loaded by newer code.

A ``Versioned`` instance stores, next to its attributes, the ``persistenceVersion`` of every
class in its hierarchy that declares one (key ``"<module>.<qualname>.persistenceVersion"``).
When such an instance is unpickled it is queued; ``doUpgrade()`` (which ``sob.load`` calls)
then runs ``upgradeToVersionN`` for every version between the stored and the current one,
base classes first. State without a stored version counts as version 0.
"""

from __future__ import annotations

from typing import Any

from refreactor.python import log

# Instances unpickled but not yet upgraded, by id; and the ids already upgraded this round.
_pending: dict[int, Versioned] = {}
_done: set[int] = set()


def _qual(cls: type) -> str:
    """Return the fully qualified name of a class."""
    return f"{cls.__module__}.{cls.__qualname__}"


def _versionKey(cls: type) -> str:
    """Return the state key under which the version of ``cls`` is stored."""
    return f"{_qual(cls)}.persistenceVersion"


def _hierarchy(cls: type) -> list[type]:
    """Return the classes of ``cls``'s hierarchy, most basic first, ``cls`` last."""
    return [base for base in reversed(cls.__mro__) if base is not object]


def doUpgrade() -> None:
    """Upgrade every ``Versioned`` instance unpickled since the last call."""
    global _pending
    try:
        for obj in list(_pending.values()):
            requireUpgrade(obj)
    finally:
        _pending = {}
        _done.clear()


def requireUpgrade(obj: Versioned) -> None:
    """Upgrade ``obj`` now if it is waiting for an upgrade (for use inside upgrade methods)."""
    key = id(obj)
    if key in _pending and key not in _done:
        _done.add(key)
        obj.versionUpgrade()


class Ephemeral:
    """An object that is not persisted: it unpickles as a bare ``Ephemeral``."""

    def __reduce__(self) -> tuple[type, tuple[()]]:
        """Pickle as an empty ``Ephemeral``, dropping class and state."""
        return (Ephemeral, ())


class Versioned:
    """An object whose pickled state carries version numbers and is upgraded when loaded."""

    persistenceVersion = 0
    persistenceForgets: tuple[str, ...] = ()

    def __getstate__(self, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return the state to pickle (``base`` or the attributes) plus each class's version."""
        state = dict(self.__dict__ if base is None else base)
        for cls in _hierarchy(type(self)):
            for name in cls.__dict__.get("persistenceForgets", ()):
                state.pop(name, None)
            if "persistenceVersion" in cls.__dict__:
                state[_versionKey(cls)] = cls.persistenceVersion
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the state and queue this instance for ``doUpgrade``."""
        self.__dict__ = state
        _pending[id(self)] = self

    def versionUpgrade(self) -> None:
        """Run the ``upgradeToVersionN`` methods each class needs, base classes first."""
        for base in _hierarchy(type(self)):
            if "persistenceVersion" not in base.__dict__ and Versioned not in base.__bases__:
                continue
            stored = self.__dict__.pop(_versionKey(base), 0) or 0
            current = base.persistenceVersion
            if stored > current:
                raise ValueError(
                    f"{_qual(base)} was saved at version {stored}, newer than this code's {current}"
                )
            for version in range(stored + 1, current + 1):
                self._upgradeOne(base, version)

    def _upgradeOne(self, base: type, version: int) -> None:
        """Call ``base``'s own ``upgradeToVersion<version>``, or log that it is missing."""
        method = base.__dict__.get(f"upgradeToVersion{version}")
        if method is None:
            log.msg(f"Warning: cannot upgrade {_qual(base)} to version {version}")
            return
        log.msg(f"Upgrading {_qual(base)} (of {_qual(type(self))}) to version {version}")
        method(self)
