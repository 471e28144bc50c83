"""Bridges between threads and the reactor: Deferreds for thread work, calls into the loop."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterable
from typing import Any

from refreactor.internet import defer
from refreactor.python.failure import Failure
from refreactor.python.threadpool import ThreadPool


def deferToThreadPool(
    reactor: Any, threadpool: ThreadPool, f: Callable[..., Any], *args: Any, **kwargs: Any
) -> defer.Deferred:
    """Run ``f`` in ``threadpool``; the Deferred fires in the reactor thread with its outcome."""
    d = defer.Deferred()

    def onResult(success: bool, result: Any) -> None:
        if success:
            reactor.callFromThread(d.callback, result)
        else:
            reactor.callFromThread(d.errback, result)

    threadpool.callInThreadWithCallback(onResult, f, *args, **kwargs)
    return d


def deferToThread(f: Callable[..., Any], *args: Any, **kwargs: Any) -> defer.Deferred:
    """Run ``f`` in the global reactor's thread pool; return a Deferred of its result."""
    from refreactor.internet import reactor

    return deferToThreadPool(reactor, reactor.getThreadPool(), f, *args, **kwargs)


def _runMultiple(tupleList: Iterable[tuple[Callable[..., Any], tuple, dict]]) -> None:
    """Run several calls one after the other (in a worker thread)."""
    for f, args, kwargs in tupleList:
        f(*args, **kwargs)


def callMultipleInThread(tupleList: Iterable[tuple[Callable[..., Any], tuple, dict]]) -> None:
    """Run ``(f, args, kwargs)`` calls in order, all in one worker thread of the reactor."""
    from refreactor.internet import reactor

    reactor.callInThread(_runMultiple, list(tupleList))


def blockingCallFromThread(reactor: Any, f: Callable[..., Any], *a: Any, **kw: Any) -> Any:
    """From a non-reactor thread, run ``f`` in the reactor and wait for its (Deferred) result.

    The result, or the exception (re-raised here), is that of the Deferred ``f`` returns.
    """
    outcome: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def inReactor() -> None:
        defer.maybeDeferred(f, *a, **kw).addBoth(outcome.put)

    reactor.callFromThread(inReactor)
    result = outcome.get()
    if isinstance(result, Failure):
        result.raiseException()
    return result
