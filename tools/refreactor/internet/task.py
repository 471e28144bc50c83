"""Time-driven helpers, mirroring ``twisted.internet.task``: Clock, LoopingCall, deferLater."""

import math
import sys
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet._cooperator import (  # noqa: F401 - Twisted's names, in task
    CooperativeTask,
    Cooperator,
    NotPaused,
    SchedulerError,
    SchedulerStopped,
    TaskDone,
    TaskFailed,
    TaskFinished,
    TaskStopped,
    coiterate,
    cooperate,
)
from refreactor.internet._timers import DelayedCall, TimerQueue
from refreactor.internet.defer import CancelledError, Deferred, ensureDeferred, maybeDeferred
from refreactor.internet.interfaces import IReactorTime
from refreactor.python import log
from refreactor.python.failure import Failure


@implementer(IReactorTime)
class Clock:
    """A fake IReactorTime for tests: time only moves when ``advance`` is called."""

    rightNow = 0.0

    def __init__(self) -> None:
        self._timers = TimerQueue(self.seconds)

    def seconds(self) -> float:
        """The fake current time."""
        return self.rightNow

    def callLater(self, delay: float, callable: Callable[..., Any], *args: Any,
                  **kw: Any) -> DelayedCall:
        """Schedule a call ``delay`` fake seconds from now."""
        return self._timers.schedule(delay, callable, args, kw)

    @property
    def calls(self) -> list[DelayedCall]:
        """The pending calls, earliest first."""
        return sorted(self._timers.calls(), key=lambda c: c.time)

    def getDelayedCalls(self) -> list[DelayedCall]:
        """The pending calls."""
        return self.calls

    def advance(self, amount: float) -> None:
        """Move time forward and run every call that falls due (exceptions propagate)."""
        self.rightNow += amount
        while (call := self._timers.popDue(self.rightNow, math.inf)) is not None:
            call.func(*call.args, **call.kw)

    def pump(self, timings: list[float]) -> None:
        """Advance by each amount of ``timings`` in turn."""
        for amount in timings:
            self.advance(amount)


def _defaultClock() -> Any:
    from refreactor.internet import reactor

    return reactor


class LoopingCall:
    """Call a function every ``interval`` seconds, on a fixed schedule, until stopped."""

    call: DelayedCall | None = None
    running = False
    _deferred: Deferred | None = None
    interval: float | None = None
    _runAtStart = False
    starttime: float | None = None

    def __init__(self, f: Callable[..., Any], *a: Any, **kw: Any) -> None:
        self.f = f
        self.a = a
        self.kw = kw
        self.clock = _defaultClock()

    @classmethod
    def withCount(cls, countCallable: Callable[[int], Any]) -> "LoopingCall":
        """A LoopingCall passing ``countCallable`` how many intervals passed since its last call.

        The count exceeds 1 when the clock jumped (or the process stalled) over intervals.
        """
        def counter() -> Any:
            now = self.clock.seconds()
            if self.interval == 0:
                self._lastCallTime = now
                return countCallable(1)
            last = self._lastCallTime
            if last is None:
                last = self.starttime - (self.interval if self._runAtStart else 0)
            count = self._intervalIndex(now) - self._intervalIndex(last)
            if count <= 0:
                return None
            self._lastCallTime = now
            return countCallable(count)

        self = cls(counter)
        return self

    def _intervalIndex(self, when: float) -> int:
        """How many whole intervals separate ``when`` from the start (rounding tolerantly)."""
        assert self.interval and self.starttime is not None
        elapsed = when - self.starttime
        index = int(elapsed / self.interval)
        if (index + 1) * self.interval - elapsed < 1e-9 * self.interval:
            index += 1  # Floating-point error put ``when`` just short of an interval's end.
        return index

    def start(self, interval: float, now: bool = True) -> Deferred:
        """Start calling; the Deferred fires with us on ``stop``, or fails with f's error."""
        assert not self.running, "Tried to start an already running LoopingCall."
        if interval < 0:
            raise ValueError("interval must be >= 0")
        self.running = True
        deferred = self._deferred = Deferred()
        self.starttime = self.clock.seconds()
        self._lastCallTime: float | None = None
        self.interval = interval
        self._runAtStart = now
        if now:
            self()
        else:
            self._scheduleFrom(self.starttime)
        return deferred

    def stop(self) -> None:
        """Stop calling and fire the ``start`` Deferred."""
        assert self.running, "Tried to stop a LoopingCall that was not running."
        self.running = False
        if self.call is not None:
            self.call.cancel()
            self.call = None
            self._fire()

    def reset(self) -> None:
        """Restart the schedule from now."""
        assert self.running, "Tried to reset a LoopingCall that was not running."
        if self.call is not None:
            self.call.cancel()
            self.call = None
            self.starttime = self.clock.seconds()
            self._scheduleFrom(self.starttime)

    def _fire(self) -> None:
        deferred, self._deferred = self._deferred, None
        if deferred is not None:
            deferred.callback(self)

    def __call__(self) -> None:
        """Run ``f`` once; schedule the next run when it (or its Deferred) finishes."""
        def finished(result: Any) -> None:
            if self.running:
                self._scheduleFrom(self.clock.seconds())
            else:
                self._fire()

        def failed(failure: Failure) -> None:
            self.running = False
            deferred, self._deferred = self._deferred, None
            if deferred is not None:
                deferred.errback(failure)

        self.call = None
        maybeDeferred(self.f, *self.a, **self.kw).addCallbacks(finished, failed)

    def _scheduleFrom(self, when: float) -> None:
        assert self.interval is not None and self.starttime is not None
        if self.interval == 0:
            delay = 0.0
        else:
            delay = self.interval - ((when - self.starttime) % self.interval)
            if when == when + delay:
                delay = self.interval
        self.call = self.clock.callLater(delay, self)

    def __repr__(self) -> str:
        name = getattr(self.f, "__qualname__", repr(self.f))
        return f"LoopingCall<{self.interval!r}>({name}, *{self.a!r}, **{self.kw!r})"


def deferLater(clock: Any, delay: float, callable: Callable[..., Any] | None = None,
               *args: Any, **kw: Any) -> Deferred:
    """A Deferred firing with ``callable(*args, **kw)`` after ``delay`` seconds of ``clock``.

    Cancelling it cancels the call.
    """
    def cancel(d: Deferred) -> None:
        delayedCall.cancel()
        d.errback(CancelledError())

    d = Deferred(cancel)
    if callable is not None:
        d.addCallback(lambda ignored: callable(*args, **kw))
    delayedCall = clock.callLater(delay, d.callback, None)
    return d


def react(main: Callable[..., Any], argv: Any = (), _reactor: Any = None) -> None:
    """Run the reactor until the Deferred of ``main(reactor, *argv)`` fires, then exit."""
    if _reactor is None:
        _reactor = _defaultClock()
    finished = ensureDeferred(main(_reactor, *argv))
    code = [0]
    stopping: list[bool] = []
    _reactor.addSystemEventTrigger("before", "shutdown", stopping.append, True)

    def stop(result: Any, stopReactor: bool) -> None:
        if stopReactor:
            try:
                _reactor.stop()
            except error.ReactorNotRunning:
                pass
        if isinstance(result, Failure):
            if result.check(SystemExit):
                code[0] = result.value.code
            else:
                log.err(result, "main function encountered error")
                code[0] = 1

    def whenFinished(result: Any) -> None:
        if stopping:
            stop(result, False)
        else:
            _reactor.callWhenRunning(stop, result, True)

    finished.addBoth(whenFinished)
    _reactor.run()
    sys.exit(code[0])
