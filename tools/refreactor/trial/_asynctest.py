"""``TestCase``: a test whose fixtures, method and cleanups may return Deferreds, waited for
on the reactor, each within the test's ``timeout``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from refreactor.internet import defer
from refreactor.python.failure import Failure
from refreactor.trial import util
from refreactor.trial._synctest import FailTest, SkipTest, SynchronousTestCase


class TestCase(SynchronousTestCase):
    """A test case run on the reactor: a Deferred returned by a fixture or the test method
    is waited for (``timeout`` seconds at most, 120 by default)."""

    def assertFailure(self, deferred: defer.Deferred, *expectedFailures: type) -> defer.Deferred:
        """``deferred``, which must fail with one of ``expectedFailures``; it then fires with
        the exception."""
        def succeeded(value: Any) -> None:
            raise self.failureException(f"did not catch an error, instead got {value!r}")

        def failed(failure: Failure) -> Any:
            if failure.check(*expectedFailures):
                return failure.value
            raise self.failureException(
                f"\nExpected: {expectedFailures!r}\nGot:\n{failure}")
        return deferred.addCallbacks(succeeded, failed)

    failUnlessFailure = assertFailure

    def getTimeout(self) -> float:
        """The ``timeout`` of the method, class or module, in seconds (default 120)."""
        timeout = util.acquireAttribute(self._parents, "timeout",
                                        util.DEFAULT_TIMEOUT_DURATION)
        try:
            return float(timeout)
        except (TypeError, ValueError):
            return util.DEFAULT_TIMEOUT_DURATION

    def _call(self, func: Callable[[], Any], description: str, result: Any) -> defer.Deferred:
        """Call ``func``: a Deferred of its result that fails with TimeoutError when it takes
        longer than the test's timeout."""
        from refreactor.internet import reactor

        timeout = self.getTimeout()
        if inspect.isgeneratorfunction(func):
            return defer.fail(TypeError(
                f"{func!r} is a generator function and therefore will never run"))

        def onTimeout(d: defer.Deferred) -> None:
            failure = Failure(defer.TimeoutError(
                f"{self!r} ({description}) still running at {timeout} secs"))
            try:
                d.errback(failure)
            except defer.AlreadyCalledError:
                # Fired, but its callbacks are still waiting on something: give up on it.
                reactor.crash()
                self._timedOut = True
                self._report(result, failure, self.getTodo())

        d = defer.maybeDeferred(func)
        call = reactor.callLater(timeout, onTimeout, d)
        d.addBoth(lambda x: (call.cancel() if call.active() else None) or x)
        return d

    async def _settle(self, func: Callable[[], Any], description: str,
                       result: Any) -> Failure | None:
        """Call ``func`` and wait for it: None, or the Failure it ended with (its traceback
        intact, which raising it again here would lose)."""
        failures: list[Failure] = []
        await self._call(func, description, result).addErrback(failures.append)
        return failures[0] if failures else None

    async def _setUpRunTearDown(self, result: Any) -> None:
        needsTearDown = False
        try:
            try:
                needsTearDown = await self._setUpAndRun(result)
            finally:
                await self._runDeferredCleanups(result)
        finally:
            if needsTearDown:
                failure = await self._settle(self.tearDown, "tearDown", result)
                if failure is not None:
                    result.addError(self, failure)
                    self._passed = False

    async def _setUpAndRun(self, result: Any) -> bool:
        """Run setUp then the test method; whether tearDown is due."""
        failure = await self._settle(self.setUp, "setUp", result)
        if failure is not None:
            self._report(result, failure, None)
            return False
        todo = self.getTodo()
        failure = await self._settle(getattr(self, self._testMethodName),
                                      self._testMethodName, result)
        if failure is not None:
            self._report(result, failure, todo)
            return True
        if todo is not None:
            result.addUnexpectedSuccess(self, todo)
        else:
            self._passed = True
        return True

    async def _runDeferredCleanups(self, result: Any) -> None:
        failures = []
        while self._cleanups:
            f, args, kwargs = self._cleanups.pop()
            failure = await self._settle(functools.partial(f, *args, **kwargs),
                                          f"cleanup function {f.__name__}", result)
            if failure is not None:
                failures.append(failure)
        for failure in failures:
            result.addError(self, failure)
            self._passed = False

    def _runFixturesAndTest(self, result: Any) -> None:
        from refreactor.internet import reactor

        self._timedOut = False
        self._passed = False
        try:
            self._wait(defer.Deferred.fromCoroutine(self._setUpRunTearDown(result)))
        finally:
            self._cleanUp(reactor, result)

    def _cleanUp(self, reactor: Any, result: Any) -> None:
        """Report what the test left behind: delayed calls and logged errors fail it; then,
        as Twisted's after-class cleanup does (so after its success), selectables."""
        calls = util.cleanPending(reactor)
        if calls:
            result.addError(self, Failure(util.DirtyReactorAggregateError(calls)))
            self._passed = False
        if self._reportLoggedErrors(result):
            self._passed = False
        if self._passed:
            result.addSuccess(self)
        selectables = util.cleanSelectables(reactor)
        calls = util.cleanPending(reactor)
        if selectables or calls:
            result.addError(self, Failure(util.DirtyReactorAggregateError(calls, selectables)))

    def _wait(self, d: defer.Deferred) -> None:
        """Run the reactor until ``d`` has fired (or a timeout crashed it)."""
        from refreactor.internet import reactor

        results: list[Any] = []
        d.addBoth(results.append)
        if results:
            return
        d.addBoth(lambda _: reactor.crash())
        stop = reactor.stop
        reactor.stop = reactor.crash
        try:
            reactor.run(installSignalHandlers=False)
        finally:
            reactor.stop = stop
        if not results and not self._timedOut:
            raise KeyboardInterrupt()


__all__ = ["FailTest", "SkipTest", "TestCase"]
