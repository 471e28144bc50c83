"""Fixtures for reactor tests: a fresh reactor per test, a runner, and the leak check.

Every test in this directory is checked for leaks: the open file descriptors and the live
threads after the test must equal those before it.
"""

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import refreactor.internet.reactor  # noqa: F401 - the global reactor's own fds predate tests
from refreactor.internet.defer import maybeDeferred
from refreactor.internet.epollreactor import EPollReactor
from refreactor.python.failure import Failure


def _openFds() -> set[str]:
    return {fd for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}")}


def _threads() -> set[threading.Thread]:
    return set(threading.enumerate())


@pytest.fixture(autouse=True)
def noLeaks() -> Iterator[None]:
    """Fail the test if it leaves file descriptors or threads behind."""
    fdsBefore, threadsBefore = _openFds(), _threads()
    yield
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if _openFds() <= fdsBefore and _threads() <= threadsBefore:
            return
        time.sleep(0.02)
    leakedFds = {fd: os.readlink(f"/proc/self/fd/{fd}") for fd in _openFds() - fdsBefore
                 if os.path.exists(f"/proc/self/fd/{fd}")}
    leakedThreads = _threads() - threadsBefore
    assert not leakedFds and not leakedThreads, f"leaked fds {leakedFds}, threads {leakedThreads}"


@pytest.fixture
def reactor() -> Iterator[EPollReactor]:
    """A fresh reactor, closed (its epoll and waker released) after the test."""
    r = EPollReactor()
    yield r
    r.disconnectAll()
    r.close()


@pytest.fixture
def run(reactor: EPollReactor) -> Callable[..., Any]:
    """``run(f, *args)``: run the reactor until the Deferred ``f(*args)`` gives fires.

    Returns the result; raises the failure's exception; fails the test after 20 seconds.
    """

    def runUntilFired(f: Callable[..., Any], *args: Any, timeout: float = 20) -> Any:
        outcome: list[Any] = []

        def start() -> None:
            d = maybeDeferred(f, *args)
            d.addBoth(finish)

        def finish(result: Any) -> None:
            outcome.append(result)
            if timer.active():
                timer.cancel()
            reactor.stop()

        def tooLong() -> None:
            outcome.append(TimeoutError(f"reactor test did not finish in {timeout}s"))
            reactor.stop()

        timer = reactor.callLater(timeout, tooLong)
        reactor.callWhenRunning(start)
        reactor.run(installSignalHandlers=False)
        result = outcome[0]
        if isinstance(result, Failure):
            result.raiseException()
        if isinstance(result, BaseException):
            raise result
        return result

    return runUntilFired

