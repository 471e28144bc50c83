"""``SynchronousTestCase``: Twisted's assertions, skip and todo, cleanups, logged errors."""

from __future__ import annotations

import inspect
import os
import sys
import unittest as pyunit
import warnings
from collections.abc import Callable
from typing import Any

from refreactor.internet.defer import ensureDeferred
from refreactor.python import log
from refreactor.python.failure import Failure
from refreactor.trial import util
from refreactor.trial.reporter import TestResult

SkipTest = pyunit.SkipTest


class FailTest(AssertionError):
    """A test failed (an assertion did not hold)."""


class Todo:
    """A test expected to fail: why, and (if given) with which errors."""

    def __init__(self, reason: str, errors: Any = None) -> None:
        self.reason = reason
        self.errors = errors

    def __repr__(self) -> str:
        return f"<Todo reason={self.reason!r} errors={self.errors!r}>"

    def expected(self, failure: Failure) -> bool:
        """Whether ``failure`` is the failure this todo expects."""
        return self.errors is None or bool(failure.check(*self.errors))


def makeTodo(value: Any) -> Todo:
    """A Todo from a ``todo`` attribute: a reason, or ``(errors, reason)``."""
    if isinstance(value, str):
        return Todo(reason=value)
    if isinstance(value, tuple):
        errors, reason = value
        if isinstance(errors, type):
            errors = [errors]
        return Todo(reason=reason, errors=list(errors))
    raise TypeError(f"todo must be a string or an (errors, reason) tuple, not {value!r}")


class _LoggedErrors:
    """Collects the failures logged while a test runs."""

    def __init__(self) -> None:
        self.errors: list[Failure] = []

    def observe(self, event: dict) -> None:
        """A log observer: keep each logged failure."""
        if event.get("isError") and "failure" in event:
            self.errors.append(event["failure"])

    def flush(self, *errorTypes: type) -> list[Failure]:
        """Remove and return the collected failures (only those of ``errorTypes`` if given)."""
        flushed = [f for f in self.errors if not errorTypes or f.check(*errorTypes)]
        self.errors = [f for f in self.errors if f not in flushed]
        return flushed


class _MonkeyPatch:
    """An attribute replaced for a test, and how to put it back."""

    def __init__(self, obj: Any, attribute: str, value: Any) -> None:
        self._target = (obj, attribute, value)
        self._saved: list[Any] = []

    def patch(self) -> None:
        """Set the new value, remembering the old one (AttributeError if there is none)."""
        obj, attribute, value = self._target
        self._saved.append(getattr(obj, attribute))
        setattr(obj, attribute, value)

    def restore(self) -> None:
        """Put the old value back."""
        obj, attribute, _ = self._target
        while self._saved:
            setattr(obj, attribute, self._saved.pop())


class _PyUnitResult:
    """Reports to a standard-library (or pytest) result: Failures as ``exc_info`` tuples,
    todos as expected failures and unexpected successes."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    @staticmethod
    def _excInfo(failure: Failure) -> tuple:
        return failure.type, failure.value, failure.tb

    def addFailure(self, test: Any, failure: Failure) -> None:
        """An assertion failed."""
        self.original.addFailure(test, self._excInfo(failure))

    def addError(self, test: Any, failure: Failure) -> None:
        """The test raised."""
        self.original.addError(test, self._excInfo(failure))

    def addExpectedFailure(self, test: Any, failure: Failure, todo: Todo) -> None:
        """A todo test failed."""
        self.original.addExpectedFailure(test, self._excInfo(failure))

    def addUnexpectedSuccess(self, test: Any, todo: Todo) -> None:
        """A todo test passed."""
        self.original.addUnexpectedSuccess(test)


class _Assertions(pyunit.TestCase):
    """Twisted's assertion methods and their ``fail*`` aliases."""

    failureException = FailTest

    def fail(self, msg: object = None) -> Any:
        """Fail the test with ``msg``."""
        raise self.failureException(msg)

    def assertFalse(self, condition: Any, msg: Any = None) -> Any:
        """Fail if ``condition`` is true; return it."""
        super().assertFalse(condition, msg)
        return condition

    assertNot = failUnlessFalse = failIf = assertFalse

    def assertTrue(self, condition: Any, msg: Any = None) -> Any:
        """Fail if ``condition`` is false; return it."""
        super().assertTrue(condition, msg)
        return condition

    assert_ = failUnlessTrue = failUnless = assertTrue

    def assertRaises(self, exception: Any, f: Callable | None = None, *args: Any,
                     **kwargs: Any) -> Any:
        """The exception ``f(*args, **kwargs)`` raises, which must be ``exception``; without
        ``f``, a context manager checking its block."""
        context = _AssertRaisesContext(self, exception)
        if f is None:
            return context
        return context.handle(lambda: f(*args, **kwargs))

    failUnlessRaises = assertRaises

    def assertEqual(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail unless ``first == second``; return ``first``."""
        super().assertEqual(first, second, msg)
        return first

    assertEquals = failUnlessEqual = failUnlessEquals = assertEqual

    def assertIs(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail unless ``first is second``; return ``first``."""
        if first is not second:
            raise self.failureException(msg or f"{first!r} is not {second!r}")
        return first

    assertIdentical = failUnlessIdentical = assertIs

    def assertIsNot(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail if ``first is second``; return ``first``."""
        if first is second:
            raise self.failureException(msg or f"{first!r} is {second!r}")
        return first

    assertNotIdentical = failIfIdentical = assertIsNot

    def assertNotEqual(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail if ``first == second``; return ``first``."""
        if not first != second:
            raise self.failureException(msg or f"{first!r} == {second!r}")
        return first

    assertNotEquals = failIfEqual = failIfEquals = assertNotEqual

    def assertIn(self, containee: Any, container: Any, msg: Any = None) -> Any:
        """Fail unless ``containee in container``; return ``containee``."""
        if containee not in container:
            raise self.failureException(msg or f"{containee!r} not in {container!r}")
        return containee

    failUnlessIn = assertIn

    def assertNotIn(self, containee: Any, container: Any, msg: Any = None) -> Any:
        """Fail if ``containee in container``; return ``containee``."""
        if containee in container:
            raise self.failureException(msg or f"{containee!r} in {container!r}")
        return containee

    failIfIn = assertNotIn

    def assertAlmostEqual(self, first: Any, second: Any, places: int = 7, msg: Any = None,
                          delta: Any = None) -> Any:
        """Fail unless equal to ``places`` decimal places (or within ``delta``)."""
        super().assertAlmostEqual(first, second, places, msg, delta)
        return first

    assertAlmostEquals = failUnlessAlmostEqual = assertAlmostEqual

    def assertNotAlmostEqual(self, first: Any, second: Any, places: int = 7,
                             msg: Any = None, delta: Any = None) -> Any:
        """Fail if equal to ``places`` decimal places (or within ``delta``)."""
        super().assertNotAlmostEqual(first, second, places, msg, delta)
        return first

    assertNotAlmostEquals = failIfAlmostEqual = assertNotAlmostEqual

    def assertApproximates(self, first: Any, second: Any, tolerance: Any,
                           msg: Any = None) -> Any:
        """Fail if ``first`` and ``second`` differ by more than ``tolerance``."""
        if abs(first - second) > tolerance:
            raise self.failureException(msg or f"{first} ~== {second}")
        return first

    failUnlessApproximates = assertApproximates

    def assertSubstring(self, substring: Any, astring: Any, msg: Any = None) -> Any:
        """Fail unless ``substring`` is in ``astring``."""
        return self.assertIn(substring, astring, msg)

    failUnlessSubstring = assertSubstring

    def assertNotSubstring(self, substring: Any, astring: Any, msg: Any = None) -> Any:
        """Fail if ``substring`` is in ``astring``."""
        return self.assertNotIn(substring, astring, msg)

    failIfSubstring = assertNotSubstring

    def assertWarns(self, category: type, message: str, filename: str, f: Callable,
                    *args: Any, **kwargs: Any) -> Any:
        """Fail unless ``f`` warns once with ``message`` of ``category`` from ``filename``;
        return what ``f`` returned."""
        with warnings.catch_warnings(record=True) as shown:
            warnings.simplefilter("always")
            result = f(*args, **kwargs)
        if not shown:
            self.fail("No warnings emitted")
        first = shown[0]
        for other in shown[1:]:
            if (str(other.message), other.category) != (str(first.message), first.category):
                self.fail("Can't handle different warnings")
        self.assertEqual(str(first.message), message)
        self.assertIdentical(first.category, category)
        self.assertTrue(filename.startswith(first.filename),
                        f"Warning in {first.filename!r}, expected {filename!r}")
        return result

    failUnlessWarns = assertWarns

    def assertIsInstance(self, instance: Any, classOrTuple: Any, message: Any = None) -> None:
        """Fail unless ``instance`` is an instance of ``classOrTuple``."""
        if not isinstance(instance, classOrTuple):
            suffix = "" if message is None else ": " + message
            self.fail(f"{instance!r} is not an instance of {classOrTuple}{suffix}")

    failUnlessIsInstance = assertIsInstance

    def assertNotIsInstance(self, instance: Any, classOrTuple: Any) -> None:
        """Fail if ``instance`` is an instance of ``classOrTuple``."""
        if isinstance(instance, classOrTuple):
            self.fail(f"{instance!r} is an instance of {classOrTuple}")

    failIfIsInstance = assertNotIsInstance

    def _currentResult(self, deferred: Any) -> list[Any]:
        results: list[Any] = []
        deferred.addBoth(lambda r: results.append(r) or r)
        return results

    def successResultOf(self, deferred: Any) -> Any:
        """The result ``deferred`` has already; fail if it has none or a failure."""
        deferred = ensureDeferred(deferred)
        results = self._currentResult(deferred)
        if not results:
            self.fail(f"Success result expected on {deferred!r}, found no result instead")
        if isinstance(results[0], Failure):
            deferred.addErrback(lambda _: None)
            self.fail(f"Success result expected on {deferred!r}, found failure result "
                      f"instead:\n{results[0].getTraceback()}")
        return results[0]

    def failureResultOf(self, deferred: Any, *expectedExceptionTypes: type) -> Failure:
        """The failure ``deferred`` has already (of one of the types, if given)."""
        deferred = ensureDeferred(deferred)
        results = self._currentResult(deferred)
        if not results:
            self.fail(f"Failure result expected on {deferred!r}, found no result instead")
        result = results[0]
        if not isinstance(result, Failure):
            self.fail(f"Failure result expected on {deferred!r}, found success result "
                      f"({result!r}) instead")
        deferred.addErrback(lambda _: None)
        if expectedExceptionTypes and not result.check(*expectedExceptionTypes):
            expected = " or ".join(f"{t.__module__}.{t.__name__}"
                                   for t in expectedExceptionTypes)
            self.fail(f"Failure of type ({expected}) expected on {deferred!r}, found type "
                      f"{result.type!r} instead: {result.getTraceback()}")
        return result

    def assertNoResult(self, deferred: Any) -> None:
        """Fail if ``deferred`` has a result already (a failure result is then swallowed)."""
        deferred = ensureDeferred(deferred)
        results = self._currentResult(deferred)
        if results:
            deferred.addErrback(lambda _: None)
            self.fail(f"No result expected on {deferred!r}, found {results[0]!r} instead")


class _AssertRaisesContext:
    """Checks that a block raises the expected exception, and keeps it."""

    def __init__(self, testCase: _Assertions, expected: Any) -> None:
        self._testCase = testCase
        self._expected = expected
        self._returnValue = None
        self.exception: BaseException | None = None
        self._expectedName = getattr(expected, "__name__", str(expected))

    def handle(self, call: Callable[[], Any]) -> BaseException | None:
        """Run ``call`` under this context; the exception it raised."""
        with self:
            self._returnValue = call()
        return self.exception

    def __enter__(self) -> _AssertRaisesContext:
        return self

    def __exit__(self, excType: Any, excValue: Any, tb: Any) -> bool:
        if excType is None:
            self._testCase.fail(f"{self._expectedName} not raised "
                                f"({self._returnValue} returned)")
        if not issubclass(excType, self._expected):
            self._testCase.fail(f"{self._expectedName} raised instead of {excType.__name__}:\n"
                                f"{Failure(excValue, excType, tb).getTraceback()}")
        self.exception = excValue
        return True


class SynchronousTestCase(_Assertions):
    """A test case whose methods run to their end synchronously (no reactor)."""

    def __init__(self, methodName: str = "runTest") -> None:
        super().__init__(methodName)
        self._passed = False
        self._cleanups: list[tuple[Callable, tuple, dict]] = []
        self._testMethodName = methodName
        self._parents = [getattr(self, methodName), self,
                         sys.modules.get(self.__class__.__module__)]
        self._logged = _LoggedErrors()

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return hash((self.__class__, self._testMethodName))

    def shortDescription(self) -> str:
        """The first line of the test's docstring, else its method name."""
        return super().shortDescription() or self._testMethodName

    def getSkip(self) -> tuple[bool, Any]:
        """Whether (and why) the method, class or module says to skip this test."""
        reason = util.acquireAttribute(self._parents, "skip", None)
        if reason is not None:
            return True, reason
        if getattr(self, "__unittest_skip__", False):
            return True, getattr(self, "__unittest_skip_why__", "")
        return False, None

    def getTodo(self) -> Todo | None:
        """The Todo the method, class or module declares, if any."""
        todo = util.acquireAttribute(self._parents, "todo", None)
        return None if todo is None else makeTodo(todo)

    def runTest(self) -> None:
        """The test run when no method name was given: nothing."""

    def addCleanup(self, f: Callable, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Call ``f(*args, **kwargs)`` after the test, before ``tearDown``, last added first."""
        self._cleanups.append((f, args, kwargs))

    def patch(self, obj: Any, attribute: str, value: Any) -> _MonkeyPatch:
        """Set ``obj.attribute`` to ``value`` until the test ends."""
        monkeyPatch = _MonkeyPatch(obj, attribute, value)
        monkeyPatch.patch()
        self.addCleanup(monkeyPatch.restore)
        return monkeyPatch

    def flushLoggedErrors(self, *errorTypes: type) -> list[Failure]:
        """Take the errors logged so far (of ``errorTypes`` if given): they no longer fail
        the test."""
        return self._logged.flush(*errorTypes)

    def mktemp(self) -> str:
        """A new relative path (not created) unique to this test."""
        base = os.path.join(*self.id().split(".")[-3:])
        os.makedirs(base, exist_ok=True)
        index = 0
        while os.path.exists(os.path.join(base, f"temp{index}")):
            index += 1
        return os.path.join(base, f"temp{index}")

    def run(self, result: Any = None) -> None:  # type: ignore[override]
        """Run the test, reporting its outcome to ``result`` (trial's, or the standard
        library's: ``python -m unittest`` runs trial tests too)."""
        if result is None:
            result = self.defaultTestResult()
        if not isinstance(result, TestResult):
            result = _PyUnitResult(result)
        log.msg(f"--> {self.id()} <--")
        result.startTest(self)
        doSkip, reason = self.getSkip()
        if doSkip:
            result.addSkip(self, reason)
        else:
            log.addObserver(self._logged.observe)
            try:
                self._runFixturesAndTest(result)
            finally:
                log.removeObserver(self._logged.observe)
        result.stopTest(self)

    __call__ = run

    def _skipReason(self, skip: SkipTest) -> Any:
        return skip.args[0] if skip.args else skip

    def _report(self, result: Any, failure: Failure, todo: Todo | None) -> None:
        """Report an exception of a fixture or the test: skip, expected, failure or error."""
        if failure.check(SkipTest):
            result.addSkip(self, self._skipReason(failure.value))
        elif todo is not None and todo.expected(failure):
            result.addExpectedFailure(self, failure, todo)
        elif failure.check(self.failureException, FailTest):
            result.addFailure(self, failure)
        else:
            result.addError(self, failure)

    def _runOne(self, method: Callable, result: Any, todo: Todo | None = None) -> bool:
        """Run a fixture or the test method; True if it did not complete."""
        if inspect.isgeneratorfunction(method):
            result.addError(self, Failure(TypeError(
                f"{method!r} is a generator function and therefore will never run")))
            return True
        try:
            method()
        except BaseException:
            self._report(result, Failure(), todo)
            return True
        return False

    def _runFixturesAndTest(self, result: Any) -> None:
        if self._runOne(self.setUp, result):
            self._runCleanups(result)
            return
        todo = self.getTodo()
        try:
            failed = self._runOne(getattr(self, self._testMethodName), result, todo)
        finally:
            self._runCleanups(result)
        if todo and not failed:
            result.addUnexpectedSuccess(self, todo)
        if self._runOne(self.tearDown, result):
            failed = True
        failed = self._reportLoggedErrors(result) or failed
        if not (failed or todo):
            result.addSuccess(self)

    def _reportLoggedErrors(self, result: Any) -> bool:
        """Report each error logged and not flushed; whether there was one."""
        errors = self._logged.flush()
        for error in errors:
            result.addError(self, error)
        return bool(errors)

    def _runCleanups(self, result: Any) -> None:
        while self._cleanups:
            f, args, kwargs = self._cleanups.pop()
            try:
                f(*args, **kwargs)
            except BaseException:
                result.addError(self, Failure())
