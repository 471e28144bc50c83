"""``twisted.trial.util``: the default timeout, attribute lookup along a test's parents, and
the check that a test left the reactor clean."""

from __future__ import annotations

from typing import Any

DEFAULT_TIMEOUT_DURATION = 120.0

_NOTHING = object()


class DirtyReactorAggregateError(Exception):
    """A test left delayed calls or selectables in the reactor."""

    def __init__(self, delayedCalls: list[str], selectables: list[str] | None = None) -> None:
        super().__init__()
        self.delayedCalls = delayedCalls
        self.selectables = selectables

    def __str__(self) -> str:
        message = "Reactor was unclean."
        if self.delayedCalls:
            message += ("\nDelayedCalls: (set twisted.internet.base.DelayedCall.debug = True "
                        "to debug)\n" + "\n".join(self.delayedCalls))
        if self.selectables:
            message += "\nSelectables:\n" + "\n".join(self.selectables)
        return message


def acquireAttribute(objects: list[Any], attr: str, default: Any = _NOTHING) -> Any:
    """The ``attr`` of the first of ``objects`` that has one, else ``default`` (or
    AttributeError)."""
    for obj in objects:
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if default is not _NOTHING:
        return default
    raise AttributeError(f"attribute {attr!r} not found in {objects!r}")


def cleanPending(reactor: Any) -> list[str]:
    """Run what is due now, then cancel every delayed call left; their descriptions."""
    reactor.iterate(0)
    reactor.iterate(0)
    left = []
    for call in reactor.getDelayedCalls():
        if call.active():
            left.append(str(call))
            call.cancel()
    return left


def cleanSelectables(reactor: Any) -> list[str]:
    """Stop watching every selectable a test left (killing processes); their descriptions."""
    from refreactor.internet.interfaces import IProcessTransport

    left = []
    for selectable in reactor.removeAll():
        if IProcessTransport.providedBy(selectable):
            selectable.signalProcess("KILL")
        left.append(repr(selectable))
    return left
