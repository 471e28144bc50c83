"""Reporters: what trial prints as tests run and at the end, in Twisted's layout.

``TreeReporter`` (trial's default) prints a line per test under its module and class with
``[OK]``, ``[FAIL]``, ``[ERROR]``, ``[SKIPPED]``, ``[TODO]`` or ``[SUCCESS!?!]`` at column 79;
``TextReporter`` a character per test. Both end with each problem in full, ``Ran N tests in
X.XXXs`` and ``PASSED (successes=N)`` or ``FAILED (failures=F, errors=E, ...)``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from typing import IO, Any

from refreactor.python.failure import Failure

_TRIAL_DIR = os.path.dirname(os.path.abspath(__file__))
_REFREACTOR_DIR = os.path.dirname(_TRIAL_DIR)
_ALIAS, _TARGET = "twisted", "refreactor"


def _qualifiedName(cls: type) -> str:
    """``module.Class``, refreactor's modules under the twisted names programs import."""
    module = cls.__module__
    if module == _TARGET or module.startswith(_TARGET + "."):
        module = _ALIAS + module[len(_TARGET):]
    return f"{module}.{cls.__qualname__}"


_FRAME = re.compile(r'^  File "(?P<file>[^"]*)", line (?P<line>\d+), in (?P<name>.*)$')
_MARKERS = re.compile(r"^\s*[\^~]+\s*$")


def _frames(failure: Failure) -> list[tuple[str, str, str]]:
    """The failure's frames as (file, ``File`` line, source line), read from its traceback
    text (a Deferred keeps only the text of a failure that went through it)."""
    frames: list[tuple[str, str, str]] = []
    for line in failure.getTraceback().splitlines():
        match = _FRAME.match(line)
        if match:
            frames.append((match["file"], line, ""))
        elif frames and not frames[-1][2] and line.startswith("    ") \
                and not _MARKERS.match(line):
            frames[-1] = (frames[-1][0], frames[-1][1], line)
    return frames


def _inRefreactor(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_REFREACTOR_DIR + os.sep)


def formatFailure(failure: Failure) -> str:
    """A failure as trial shows it: the test's frames, then ``module.Class: message``."""
    frames = _frames(failure)
    # The frames that called the test (trial's, the Deferred's) come first; the test's own
    # code never lives inside refreactor. A ``fail*`` frame of trial ends it.
    while frames and _inRefreactor(frames[0][0]):
        frames.pop(0)
    if frames and _inRefreactor(frames[-1][0]) and ", in fail" in frames[-1][1]:
        frames.pop()
    lines = ["Traceback (most recent call last):\n"]
    for _, fileLine, sourceLine in frames:
        lines.append(fileLine + "\n")
        if sourceLine:
            lines.append(sourceLine + "\n")
    prefix = "" if frames else "Failure: "
    lines.append(f"{prefix}{_qualifiedName(failure.type)}: {failure.getErrorMessage()}\n")
    return "".join(lines)


class TestResult:
    """Collects the outcome of each test."""

    def __init__(self) -> None:
        self.successes = 0
        self.testsRun = 0
        self.failures: list[tuple[Any, Failure]] = []
        self.errors: list[tuple[Any, Failure]] = []
        self.skips: list[tuple[Any, Any]] = []
        self.expectedFailures: list[tuple[Any, Failure, Any]] = []
        self.unexpectedSuccesses: list[tuple[Any, Any]] = []
        self.shouldStop = False

    def startTest(self, test: Any) -> None:
        """A test starts."""
        self.testsRun += 1

    def stopTest(self, test: Any) -> None:
        """A test ended."""

    def stop(self) -> None:
        """Run no more tests."""
        self.shouldStop = True

    def addSuccess(self, test: Any) -> None:
        """The test passed."""
        self.successes += 1

    def addFailure(self, test: Any, failure: Failure) -> None:
        """An assertion of the test failed."""
        self.failures.append((test, failure))

    def addError(self, test: Any, failure: Failure) -> None:
        """The test (or its fixtures, or a logged error, or the reactor) raised."""
        self.errors.append((test, failure))

    def addSkip(self, test: Any, reason: Any) -> None:
        """The test was skipped."""
        self.skips.append((test, reason))

    def addExpectedFailure(self, test: Any, failure: Failure, todo: Any) -> None:
        """A test marked todo failed, as expected."""
        self.expectedFailures.append((test, failure, todo))

    def addUnexpectedSuccess(self, test: Any, todo: Any) -> None:
        """A test marked todo passed."""
        self.unexpectedSuccesses.append((test, todo))

    def wasSuccessful(self) -> bool:
        """No failure and no error (unexpected successes do not count, as in trial)."""
        return not self.failures and not self.errors


class Reporter(TestResult):
    """Writes the summary of a run to a stream."""

    _separator = "-" * 79
    _doubleSeparator = "=" * 79

    def __init__(self, stream: IO[str] = sys.stdout) -> None:
        super().__init__()
        self._stream = stream
        self._startTime: float | None = None

    def startTest(self, test: Any) -> None:
        """A test starts: the clock starts with the first."""
        if self._startTime is None:
            self._startTime = time.time()
        super().startTest(test)

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()

    def _printResults(self, flavor: str, results: list[tuple], formatter: Any) -> None:
        """Each distinct outcome once, with the ids of the tests that had it."""
        groups: dict[str, list[Any]] = {}
        for case, *outcome in results:
            groups.setdefault(formatter(*outcome), []).append(case)
        for text, cases in groups.items():
            self._write(f"{self._doubleSeparator}\n{flavor}\n{text}\n")
            for case in cases:
                self._write(case.id() + "\n")

    def _printErrors(self) -> None:
        self._write("\n")
        self._printResults("[SKIPPED]", self.skips, lambda reason: f"{reason}\n")
        self._printResults("[TODO]", self.expectedFailures,
                           lambda f, todo: f"Reason: {todo.reason!r}\n{formatFailure(f)}")
        self._printResults("[FAIL]", self.failures, formatFailure)
        self._printResults("[ERROR]", self.errors, formatFailure)
        self._printResults("[SUCCESS!?!]", self.unexpectedSuccesses, self._unexpectedSuccess)

    def _unexpectedSuccess(self, todo: Any) -> str:
        text = f"Reason: {todo.reason!r}\n"
        if todo.errors:
            text += f"Expected errors: {', '.join(_qualifiedName(e) for e in todo.errors)}\n"
        return text

    def _summary(self) -> str:
        counts = [(name, len(getattr(self, name))) for name in
                  ("skips", "expectedFailures", "failures", "errors", "unexpectedSuccesses")]
        counts.append(("successes", self.successes))
        parts = [f"{name}={count}" for name, count in counts if count]
        return f" ({', '.join(parts)})" if parts else ""

    def done(self) -> None:
        """Print every problem in full, the count and time, and PASSED or FAILED."""
        self._printErrors()
        self._write(self._separator + "\n")
        if self._startTime is not None:
            self._write(f"Ran {self.testsRun} tests in {time.time() - self._startTime:.3f}s\n")
        self._write("\n")
        status = "PASSED" if self.wasSuccessful() else "FAILED"
        self._write(f"{status}{self._summary()}\n")


class TextReporter(Reporter):
    """A character per test: ``.`` ``F`` ``E`` ``S`` ``T`` ``!``."""

    def addSuccess(self, test: Any) -> None:
        """``.``"""
        super().addSuccess(test)
        self._write(".")

    def addFailure(self, test: Any, failure: Failure) -> None:
        """``F``"""
        super().addFailure(test, failure)
        self._write("F")

    def addError(self, test: Any, failure: Failure) -> None:
        """``E``"""
        super().addError(test, failure)
        self._write("E")

    def addSkip(self, test: Any, reason: Any) -> None:
        """``S``"""
        super().addSkip(test, reason)
        self._write("S")

    def addExpectedFailure(self, test: Any, failure: Failure, todo: Any) -> None:
        """``T``"""
        super().addExpectedFailure(test, failure, todo)
        self._write("T")

    def addUnexpectedSuccess(self, test: Any, todo: Any) -> None:
        """``!``"""
        super().addUnexpectedSuccess(test, todo)
        self._write("!")


class TreeReporter(Reporter):
    """Each test on its own line, indented under its module and class, its outcome at the
    right margin."""

    columns = 79
    indent = "  "

    def __init__(self, stream: IO[str] = sys.stdout) -> None:
        super().__init__(stream)
        self._lastSegments: list[str] = []
        self._currentLine = ""

    def _write(self, text: str) -> None:
        self._currentLine = text
        super()._write(text)

    def _endLine(self, message: str) -> None:
        Reporter._write(self, " " * (self.columns - len(self._currentLine) - len(message)))
        Reporter._write(self, message + "\n")

    def _preludeSegments(self, testID: str) -> list[str]:
        """The module and the class of a test id (the parts above the method)."""
        segments = testID.split(".")[:-1]
        if not segments:
            return segments
        return [seg for seg in (".".join(segments[:-1]), segments[-1]) if seg]

    def startTest(self, test: Any) -> None:
        """Write the module and class lines that changed, then the test's name."""
        segments = self._preludeSegments(test.id())
        for level, segment in enumerate(segments):
            if level >= len(self._lastSegments) or segment != self._lastSegments[level]:
                self._write(f"{self.indent * level}{segment}\n")
        self._lastSegments = segments
        self._write(f"{self.indent * len(segments)}{test.id().split('.')[-1]} ... ")
        super().startTest(test)

    def addSuccess(self, test: Any) -> None:
        """``[OK]``"""
        super().addSuccess(test)
        self._endLine("[OK]")

    def addFailure(self, test: Any, failure: Failure) -> None:
        """``[FAIL]``"""
        super().addFailure(test, failure)
        self._endLine("[FAIL]")

    def addError(self, test: Any, failure: Failure) -> None:
        """``[ERROR]``"""
        super().addError(test, failure)
        self._endLine("[ERROR]")

    def addSkip(self, test: Any, reason: Any) -> None:
        """``[SKIPPED]``"""
        super().addSkip(test, reason)
        self._endLine("[SKIPPED]")

    def addExpectedFailure(self, test: Any, failure: Failure, todo: Any) -> None:
        """``[TODO]``"""
        super().addExpectedFailure(test, failure, todo)
        self._endLine("[TODO]")

    def addUnexpectedSuccess(self, test: Any, todo: Any) -> None:
        """``[SUCCESS!?!]``"""
        super().addUnexpectedSuccess(test, todo)
        self._endLine("[SUCCESS!?!]")


REPORTERS = {"verbose": TreeReporter, "tree": TreeReporter, "text": TextReporter}
