"""Deferred: a result that is not there yet, with callbacks chained onto it.

Mirrors ``twisted.internet.defer``: callback/errback chains, chaining Deferreds returned by
callbacks, cancellation, DeferredList, gatherResults, inlineCallbacks, coroutines, and the
logging of failures nobody handled.
"""

import functools
import types
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import Any

from refreactor.logger import Logger
from refreactor.python import log
from refreactor.python.failure import Failure


class AlreadyCalledError(Exception):
    """A Deferred was fired twice."""


class CancelledError(Exception):
    """A Deferred was cancelled."""


class TimeoutError(Exception):  # noqa: A001 - the documented Twisted name
    """A Deferred did not fire in time."""


class FirstError(Exception):
    """The first failure among a DeferredList with ``fireOnOneErrback``."""

    def __init__(self, failure: Failure, index: int) -> None:
        super().__init__(failure, index)
        self.subFailure = failure
        self.index = index

    def __str__(self) -> str:
        return f"FirstError[#{self.index}, {self.subFailure}]"


_log = Logger()

_CONTINUE = object()  # Marks "hand the result to the Deferred waiting on this one".


def passthru(arg: Any) -> Any:
    """Return ``arg``: the callback that changes nothing."""
    return arg


class _UnhandledFailure:
    """Logs a Failure left at the end of a chain when the Deferred is garbage collected."""

    __slots__ = ("failure",)

    def __init__(self, failure: Failure) -> None:
        self.failure = failure

    def __del__(self) -> None:
        if self.failure is not None:
            # Two events, as Twisted logs them: the words, then the failure with no text of
            # its own (a blank line before the traceback in a text log).
            _log.critical("Unhandled error in Deferred:", isError=True)
            _log.failure("", self.failure)


class Deferred:
    """A result to come: callbacks run once it is given by ``callback`` or ``errback``."""

    called = False
    paused = 0
    _runningCallbacks = False
    _suppressAlreadyCalled = False
    _unhandled: _UnhandledFailure | None = None

    def __init__(self, canceller: Callable[["Deferred"], None] | None = None) -> None:
        self.callbacks: deque = deque()
        self._canceller = canceller
        self.result: Any = None

    # -- adding callbacks --------------------------------------------------------------------------

    def addCallbacks(self, callback: Callable[..., Any], errback: Callable[..., Any] | None = None,
                     callbackArgs: tuple = (), callbackKeywords: dict | None = None,
                     errbackArgs: tuple = (), errbackKeywords: dict | None = None) -> "Deferred":
        """Add a callback and an errback at the same position in the chain."""
        if errback is None:
            errback = passthru
        self.callbacks.append(((callback, callbackArgs or (), callbackKeywords or {}),
                               (errback, errbackArgs or (), errbackKeywords or {})))
        if self.called:
            self._runCallbacks()
        return self

    def addCallback(self, callback: Callable[..., Any], *args: Any, **kw: Any) -> "Deferred":
        """Add a callback, run with the result when it is not a Failure."""
        return self.addCallbacks(callback, passthru, callbackArgs=args, callbackKeywords=kw)

    def addErrback(self, errback: Callable[..., Any], *args: Any, **kw: Any) -> "Deferred":
        """Add an errback, run with the Failure when the result is one."""
        return self.addCallbacks(passthru, errback, errbackArgs=args, errbackKeywords=kw)

    def addBoth(self, callback: Callable[..., Any], *args: Any, **kw: Any) -> "Deferred":
        """Add a function run with the result, Failure or not."""
        return self.addCallbacks(callback, callback, callbackArgs=args, callbackKeywords=kw,
                                 errbackArgs=args, errbackKeywords=kw)

    def chainDeferred(self, d: "Deferred") -> "Deferred":
        """Fire ``d`` with our result (our own chain then continues with None)."""
        return self.addCallbacks(d.callback, d.errback)

    def addTimeout(self, timeout: float, clock: Any,
                   onTimeoutCancel: Callable[[Any, float], Any] | None = None) -> "Deferred":
        """Cancel ourselves after ``timeout`` seconds of ``clock``; a cancel becomes a timeout."""
        timedOut = []

        def timeItOut() -> None:
            timedOut.append(True)
            self.cancel()

        delayedCall = clock.callLater(timeout, timeItOut)

        def convertCancelled(result: Any) -> Any:
            if delayedCall.active():
                delayedCall.cancel()
            if timedOut:
                if onTimeoutCancel is not None:
                    return onTimeoutCancel(result, timeout)
                if isinstance(result, Failure) and result.check(CancelledError):
                    raise TimeoutError(timeout, "Deferred")
            return result

        return self.addBoth(convertCancelled)

    # -- firing ----------------------------------------------------------------------------------

    def callback(self, result: Any) -> None:
        """Fire with a successful ``result``."""
        assert not isinstance(result, Deferred), "a Deferred cannot be a Deferred's result"
        self._startRunCallbacks(result)

    def errback(self, fail: Any = None) -> None:
        """Fire with a Failure (built from ``fail`` or from the exception being handled)."""
        if fail is None:
            fail = Failure()
        elif not isinstance(fail, Failure):
            fail = Failure(fail)
        self._startRunCallbacks(fail)

    def _startRunCallbacks(self, result: Any) -> None:
        if self.called:
            if self._suppressAlreadyCalled:
                self._suppressAlreadyCalled = False
                return
            raise AlreadyCalledError()
        self.called = True
        self.result = result
        self._runCallbacks()

    def pause(self) -> None:
        """Hold the callbacks until ``unpause``."""
        self.paused += 1

    def unpause(self) -> None:
        """Release a ``pause``; run pending callbacks once no pause is left."""
        self.paused -= 1
        if not self.paused and self.called:
            self._runCallbacks()

    def cancel(self) -> None:
        """Ask the operation to stop; unless it fires us, errback with CancelledError."""
        if not self.called:
            canceller = self._canceller
            if canceller is not None:
                canceller(self)
            else:
                # Nothing told the operation to stop: ignore its eventual result, once.
                self._suppressAlreadyCalled = True
            if not self.called:
                self.errback(Failure(CancelledError()))
        elif isinstance(self.result, Deferred):
            self.result.cancel()

    def _forgetUnhandled(self) -> None:
        if self._unhandled is not None:
            self._unhandled.failure = None
            self._unhandled = None

    def _runCallbacks(self) -> None:
        """Run pending callbacks, here and in the Deferreds waiting on us, without recursion.

        When a callback returns an unfired Deferred, the current one pauses and a _CONTINUE
        marker is appended to the inner one's callbacks. Reaching that marker later hands the
        inner result to the outer Deferred and carries on with it in this same loop, so chains
        of any length need no stack depth.
        """
        if self._runningCallbacks:
            return  # The loop below is already running and will see the new callbacks.
        chain = [self]
        while chain:
            current = chain[-1]
            if current.paused:
                return  # Waiting on another Deferred; it resumes the chain when it fires.
            current._forgetUnhandled()
            finished = True
            callbacks = current.callbacks
            while callbacks:
                item = callbacks.popleft()
                func, args, kw = item[1] if isinstance(current.result, Failure) else item[0]
                if func is _CONTINUE:
                    outer = args[0]
                    outer.result, current.result = current.result, None
                    outer.paused -= 1
                    chain.append(outer)
                    finished = False
                    break
                current._runningCallbacks = True
                try:
                    current.result = func(current.result, *args, **kw)
                except BaseException:
                    current.result = Failure()
                finally:
                    current._runningCallbacks = False
                if isinstance(current.result, Deferred):
                    inner = current.result
                    if inner.called and not inner.paused and not inner.callbacks:
                        current.result, inner.result = inner.result, None
                        inner._forgetUnhandled()
                    else:
                        current.paused += 1
                        inner.callbacks.append(((_CONTINUE, (current,), {}),
                                                (_CONTINUE, (current,), {})))
                        finished = False
                        break
            if finished:
                chain.pop()
                if isinstance(current.result, Failure):
                    current.result.cleanFailure()
                    current._unhandled = _UnhandledFailure(current.result)

    def __await__(self) -> Generator[Any, Any, Any]:
        """Make the Deferred awaitable from a coroutine driven by ``ensureDeferred``."""
        return (yield self)

    __iter__ = __await__

    @classmethod
    def fromCoroutine(cls, coro: Coroutine | Generator) -> "Deferred":
        """Run a coroutine; the Deferred fires with its return value."""
        return _drive(coro)

    def __repr__(self) -> str:
        if self.called:
            return f"<Deferred at {id(self):#x} current result: {self.result!r}>"
        return f"<Deferred at {id(self):#x}>"


def succeed(result: Any) -> Deferred:
    """A Deferred that already fired with ``result``."""
    d = Deferred()
    d.callback(result)
    return d


def fail(result: Any = None) -> Deferred:
    """A Deferred that already failed with ``result`` (or the exception being handled)."""
    d = Deferred()
    d.errback(result)
    return d


def execute(callable: Callable[..., Any], *args: Any, **kw: Any) -> Deferred:
    """Call now and return a fired Deferred with the result or the exception."""
    try:
        result = callable(*args, **kw)
    except BaseException:
        return fail()
    return succeed(result)


def maybeDeferred(f: Callable[..., Any], *args: Any, **kw: Any) -> Deferred:
    """Call ``f`` and return a Deferred for its outcome, whatever it returned or raised."""
    try:
        result = f(*args, **kw)
    except BaseException:
        return fail(Failure())
    if isinstance(result, Deferred):
        return result
    if isinstance(result, Failure):
        return fail(result)
    if isinstance(result, types.CoroutineType):
        return _drive(result)
    return succeed(result)


class DeferredList(Deferred):
    """Fires once every Deferred of a list fired, with a list of (success, result) pairs."""

    fireOnOneCallback = False
    fireOnOneErrback = False

    def __init__(self, deferredList: list[Deferred], fireOnOneCallback: bool = False,
                 fireOnOneErrback: bool = False, consumeErrors: bool = False) -> None:
        self._deferredList = list(deferredList)
        self.resultList: list[Any] = [None] * len(self._deferredList)
        super().__init__()
        if not self._deferredList and not fireOnOneCallback:
            self.callback([])
        self.fireOnOneCallback = fireOnOneCallback
        self.fireOnOneErrback = fireOnOneErrback
        self.consumeErrors = consumeErrors
        self.finishedCount = 0
        for index, deferred in enumerate(self._deferredList):
            deferred.addCallbacks(self._cbDeferred, self._cbDeferred,
                                  callbackArgs=(index, True), errbackArgs=(index, False))

    def _cbDeferred(self, result: Any, index: int, succeeded: bool) -> Any:
        self.resultList[index] = (succeeded, result)
        self.finishedCount += 1
        if not self.called:
            if succeeded and self.fireOnOneCallback:
                self.callback((result, index))
            elif not succeeded and self.fireOnOneErrback:
                self.errback(Failure(FirstError(result, index)))
            elif self.finishedCount == len(self.resultList):
                self.callback(self.resultList)
        if not succeeded and self.consumeErrors:
            return None
        return result

    def cancel(self) -> None:
        """Cancel every Deferred of the list that has not fired."""
        if not self.called:
            for deferred in self._deferredList:
                try:
                    deferred.cancel()
                except BaseException:
                    log.err(None, "Exception raised from user supplied canceller")


def _parseResults(results: list[tuple[bool, Any]]) -> list[Any]:
    return [result for _, result in results]


def gatherResults(deferredList: list[Deferred], consumeErrors: bool = False) -> Deferred:
    """A Deferred for the list of results, failing with FirstError on the first failure."""
    d = DeferredList(deferredList, fireOnOneErrback=True, consumeErrors=consumeErrors)
    d.addCallback(_parseResults)
    return d


class _DefGen_Return(BaseException):  # noqa: N801 - Twisted's name, kept for tracebacks
    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


def returnValue(val: Any) -> None:
    """End an ``inlineCallbacks`` generator with ``val`` (``return val`` also works)."""
    raise _DefGen_Return(val)


def _drive(gen: Any) -> Deferred:
    """Run a generator or coroutine that yields Deferreds; fire with what it returns."""
    waiting: list[Any] = [None]

    def cancelWaited(_: Deferred) -> None:
        if waiting[0] is not None:
            waiting[0].cancel()

    deferred = Deferred(cancelWaited)
    _step(None, gen, deferred, waiting)
    return deferred


def _step(result: Any, gen: Any, deferred: Deferred, waiting: list[Any]) -> None:
    """Send results into ``gen`` until it waits on an unfired Deferred or finishes."""
    while True:
        try:
            if isinstance(result, Failure):
                yielded = result.throwExceptionIntoGenerator(gen)
            else:
                yielded = gen.send(result)
        except StopIteration as e:
            deferred.callback(e.value)
            return
        except _DefGen_Return as e:
            deferred.callback(e.value)
            return
        except BaseException:
            deferred.errback()
            return
        if not isinstance(yielded, Deferred):
            result = yielded
            continue
        outcome: list[Any] = []

        def gotResult(r: Any, outcome: list[Any] = outcome) -> None:
            if outcome:
                waiting[0] = None
                _step(r, gen, deferred, waiting)
            else:
                outcome.append(r)

        yielded.addBoth(gotResult)
        if not outcome:
            outcome.append(None)  # From now on gotResult resumes the generator itself.
            waiting[0] = yielded
            return
        result = outcome[0]


def inlineCallbacks(f: Callable[..., Generator]) -> Callable[..., Deferred]:
    """Decorate a generator function: each yielded Deferred's result is sent back into it."""

    @functools.wraps(f)
    def unwindGenerator(*args: Any, **kwargs: Any) -> Deferred:
        try:
            gen = f(*args, **kwargs)
        except _DefGen_Return:
            raise TypeError(f"inlineCallbacks requires {f!r} to produce a generator") from None
        if not isinstance(gen, types.GeneratorType):
            raise TypeError(f"inlineCallbacks requires {f!r} to produce a generator")
        return _drive(gen)

    return unwindGenerator


def ensureDeferred(coro: Any) -> Deferred:
    """A Deferred for a coroutine (run now) or the Deferred itself."""
    if isinstance(coro, Deferred):
        return coro
    if isinstance(coro, (types.CoroutineType, types.GeneratorType)):
        return _drive(coro)
    raise TypeError(f"ensureDeferred expects a coroutine or Deferred, not {coro!r}")


# -- locks, semaphores and queues whose waits are Deferreds ----------------------------------


class _ConcurrencyPrimitive:
    """What a lock and a semaphore share: ``run``, ``async with``, and cancelling a wait."""

    waiting: list[Deferred]

    def _cancelAcquire(self, d: Deferred) -> None:
        """A waiter's ``acquire`` Deferred was cancelled: it no longer waits."""
        self.waiting.remove(d)

    def acquire(self) -> Deferred:
        """The Deferred of the primitive, once it is ours."""
        raise NotImplementedError

    def release(self) -> None:
        """Give the primitive back; the next waiter gets it."""
        raise NotImplementedError

    def _releaseAndReturn(self, result: Any) -> Any:
        self.release()
        return result

    def run(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Deferred:
        """Acquire, run ``f`` (waiting for its Deferred, if any), release; f's result."""
        def execute(_: Any) -> Deferred:
            return maybeDeferred(f, *args, **kwargs).addBoth(self._releaseAndReturn)

        return self.acquire().addCallback(execute)

    def __aenter__(self) -> Deferred:
        return self.acquire()

    def __aexit__(self, excType: Any, excValue: Any, traceback: Any) -> Deferred:
        self.release()
        return succeed(False)


class DeferredLock(_ConcurrencyPrimitive):
    """A lock held by one user at a time; ``acquire`` fires with it when it is free."""

    def __init__(self) -> None:
        self.locked = False
        self.waiting: list[Deferred] = []

    def acquire(self) -> Deferred:
        """A Deferred firing with the lock once we hold it (at once if it is free)."""
        d = Deferred(canceller=self._cancelAcquire)
        if self.locked:
            self.waiting.append(d)
        else:
            self.locked = True
            d.callback(self)
        return d

    def release(self) -> None:
        """Unlock, handing the lock to the oldest waiter."""
        assert self.locked, "Tried to release an unlocked lock"
        self.locked = False
        if self.waiting:
            self.locked = True
            self.waiting.pop(0).callback(self)


class DeferredSemaphore(_ConcurrencyPrimitive):
    """Lets at most ``tokens`` users in at once; ``acquire`` fires when one may enter."""

    def __init__(self, tokens: int) -> None:
        if tokens < 1:
            raise ValueError("DeferredSemaphore requires tokens >= 1")
        self.tokens = tokens
        self.limit = tokens
        self.waiting: list[Deferred] = []

    def acquire(self) -> Deferred:
        """A Deferred firing with the semaphore once a token is ours."""
        d = Deferred(canceller=self._cancelAcquire)
        if self.tokens:
            self.tokens -= 1
            d.callback(self)
        else:
            self.waiting.append(d)
        return d

    def release(self) -> None:
        """Give a token back, to the oldest waiter if there is one."""
        assert self.tokens < self.limit, "Someone released me too many times: too many tokens!"
        self.tokens += 1
        if self.waiting:
            self.tokens -= 1
            self.waiting.pop(0).callback(self)


class QueueOverflow(Exception):
    """``put`` on a DeferredQueue that holds ``size`` objects already."""


class QueueUnderflow(Exception):
    """``get`` on a DeferredQueue with ``backlog`` gets waiting already."""


class DeferredQueue:
    """A queue whose ``get`` is a Deferred, fired as soon as an object is ``put``.

    ``size`` bounds the objects waiting to be got, ``backlog`` the gets waiting for one
    (None: no bound).
    """

    def __init__(self, size: int | None = None, backlog: int | None = None) -> None:
        self.waiting: list[Deferred] = []
        self.pending: list[Any] = []
        self.size = size
        self.backlog = backlog

    def _cancelGet(self, d: Deferred) -> None:
        self.waiting.remove(d)

    def put(self, obj: Any) -> None:
        """Give ``obj`` to the oldest waiting get, or keep it; QueueOverflow if full."""
        if self.waiting:
            self.waiting.pop(0).callback(obj)
        elif self.size is None or len(self.pending) < self.size:
            self.pending.append(obj)
        else:
            raise QueueOverflow()

    def get(self) -> Deferred:
        """A Deferred of the oldest object; QueueUnderflow if too many gets wait already."""
        if self.pending:
            return succeed(self.pending.pop(0))
        if self.backlog is None or len(self.waiting) < self.backlog:
            d = Deferred(canceller=self._cancelGet)
            self.waiting.append(d)
            return d
        raise QueueUnderflow()


def setDebugging(on: bool) -> None:
    """Accepted for compatibility; the reference keeps no creation stacks."""


def getDebugging() -> bool:
    """Always False: the reference keeps no creation stacks."""
    return False
