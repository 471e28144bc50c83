"""Delayed calls and the heap that orders them, shared by the reactor and ``task.Clock``.

The heap holds ``(time, sequence, call)`` entries; the sequence number makes calls due at the
same time run in scheduling order, and lets tuple comparison (done in C) order the heap.
A call remembers its live entry; cancelling or rescheduling a call just makes the old entry
stale, and stale entries are skipped when they reach the top (or purged when they pile up).
"""

from collections.abc import Callable
from heapq import heapify, heappop, heappush
from typing import Any

from zope.interface import implementer

from refreactor.internet.error import AlreadyCalled, AlreadyCancelled
from refreactor.internet.interfaces import IDelayedCall


@implementer(IDelayedCall)
class DelayedCall:
    """One call scheduled by ``callLater``: run ``func(*args, **kw)`` at ``time``."""

    __slots__ = ("time", "func", "args", "kw", "cancelled", "called", "_queue", "_entry")

    def __init__(self, queue: "TimerQueue", time: float, func: Callable[..., Any],
                 args: tuple, kw: dict) -> None:
        self.time = time
        self.func = func
        self.args = args
        self.kw = kw
        self.cancelled = 0
        self.called = 0
        self._queue = queue
        self._entry: tuple | None = None

    def getTime(self) -> float:
        """The time at which the call is due."""
        return self.time

    def active(self) -> bool:
        """True until the call runs or is cancelled."""
        return not (self.cancelled or self.called)

    def _checkActive(self) -> None:
        if self.cancelled:
            raise AlreadyCancelled()
        if self.called:
            raise AlreadyCalled()

    def cancel(self) -> None:
        """Keep the call from ever running."""
        self._checkActive()
        self.cancelled = 1
        self._queue.discard(self)

    def reset(self, secondsFromNow: float) -> None:
        """Make the call due ``secondsFromNow`` seconds from now."""
        self._checkActive()
        self.time = self._queue.seconds() + secondsFromNow
        self._queue.push(self)

    def delay(self, secondsLater: float) -> None:
        """Make the call due ``secondsLater`` seconds later than it was."""
        self._checkActive()
        self.time += secondsLater
        self._queue.push(self)

    def __repr__(self) -> str:
        name = getattr(self.func, "__qualname__", repr(self.func))
        return (f"<DelayedCall {id(self):#x} at {self.time:.3f} called={self.called} "
                f"cancelled={self.cancelled} {name}{self.args!r}>")


class TimerQueue:
    """A heap of DelayedCalls ordered by (due time, scheduling order), on clock ``seconds``."""

    def __init__(self, seconds: Callable[[], float]) -> None:
        self.seconds = seconds
        self._heap: list[tuple] = []
        self.sequence = 0
        self._stale = 0

    def schedule(self, delay: float, func: Callable[..., Any], args: tuple,
                 kw: dict) -> DelayedCall:
        """Make and insert the call ``func(*args, **kw)`` due ``delay`` seconds from now."""
        call = DelayedCall(self, self.seconds() + delay, func, args, kw)
        self.sequence += 1
        call._entry = entry = (call.time, self.sequence, call)
        heappush(self._heap, entry)
        return call

    def push(self, call: DelayedCall) -> None:
        """Insert ``call`` at its current time, superseding any earlier entry of it."""
        if call._entry is not None:
            self._stale += 1
        self.sequence += 1
        entry = (call.time, self.sequence, call)
        call._entry = entry
        heappush(self._heap, entry)
        if self._stale > 64 and self._stale * 2 > len(self._heap):
            self._purge()

    def discard(self, call: DelayedCall) -> None:
        """Forget ``call``; its entry becomes stale."""
        if call._entry is not None:
            call._entry = None
            self._stale += 1

    def _purge(self) -> None:
        self._heap = [entry for entry in self._heap if entry[2]._entry is entry]
        heapify(self._heap)
        self._stale = 0

    def _dropStaleTop(self) -> None:
        heap = self._heap
        while heap and heap[0][2]._entry is not heap[0]:
            heappop(heap)
            self._stale -= 1

    def nextTime(self) -> float | None:
        """The due time of the earliest live call, or None when there is none."""
        self._dropStaleTop()
        return self._heap[0][0] if self._heap else None

    def popDue(self, now: float, cutoff: int) -> DelayedCall | None:
        """Remove and return the earliest live call due by ``now`` and scheduled before ``cutoff``.

        The call is marked as called. Returns None when no such call remains.
        """
        heap = self._heap
        while heap:
            entry = heap[0]
            if entry[0] > now or entry[1] > cutoff:
                return None
            heappop(heap)
            call = entry[2]
            if call._entry is entry:
                call._entry = None
                call.called = 1
                return call
            self._stale -= 1
        return None

    def calls(self) -> list[DelayedCall]:
        """The live calls, in no particular order."""
        return [entry[2] for entry in self._heap if entry[2]._entry is entry]
