"""Run a program and collect its output or exit code as a Deferred."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from refreactor.internet import defer, protocol
from refreactor.python.failure import Failure


class _SignalledOutput(Exception):
    """A signal ended the program; unpacks like Twisted's ``(out, err, signalNum)`` tuple."""

    def __iter__(self):
        return iter(self.args)

    def __getitem__(self, index: int) -> Any:
        return self.args[index]


class _UnexpectedErrorOutput(IOError):
    """The program wrote to stderr; ``processEnded`` fires when it has finished."""

    def __init__(self, text: bytes, processEnded: defer.Deferred) -> None:
        IOError.__init__(self, f"got stderr: {text!r}")
        self.processEnded = processEnded


def _spawn(
    reactor: Any,
    proto: Any,
    executable: str,
    args: Sequence[str],
    env: Mapping[str, str] | None,
    path: str | None,
) -> None:
    """Start ``executable`` (its own name as argument 0) connected to ``proto``."""
    if reactor is None:
        from refreactor.internet import reactor
    reactor.spawnProcess(proto, executable, (executable, *args), env, path)


class _OutputCollector(protocol.ProcessProtocol):
    """Collects stdout (and stderr when ``errortoo``); output on stderr otherwise fails."""

    def __init__(self, deferred: defer.Deferred, errortoo: bool) -> None:
        self.deferred: defer.Deferred | None = deferred
        self.errortoo = errortoo
        self.output = io.BytesIO()
        self.onProcessEnded: defer.Deferred | None = None

    def outReceived(self, data: bytes) -> None:
        """Keep standard output."""
        self.output.write(data)

    def errReceived(self, data: bytes) -> None:
        """Keep stderr too, or fail the Deferred and hang up on the first stderr bytes."""
        if self.errortoo:
            self.output.write(data)
        elif self.deferred is not None:
            self.onProcessEnded = defer.Deferred()
            deferred, self.deferred = self.deferred, None
            deferred.errback(Failure(_UnexpectedErrorOutput(data, self.onProcessEnded)))
            self.transport.loseConnection()

    def processEnded(self, reason: Failure) -> None:
        """Deliver the output, or report the end to whoever waits after a stderr failure."""
        if self.deferred is not None:
            self.deferred.callback(self.output.getvalue())
        elif self.onProcessEnded is not None:
            self.onProcessEnded.errback(reason)


class _ValueCollector(protocol.ProcessProtocol):
    """Reports the exit code (None when a signal ended the program)."""

    def __init__(self, deferred: defer.Deferred) -> None:
        self.deferred = deferred

    def processEnded(self, reason: Failure) -> None:
        """Deliver the exit code."""
        self.deferred.callback(reason.value.exitCode)


class _EverythingCollector(protocol.ProcessProtocol):
    """Collects stdout, stderr and the exit code; a signal makes it fail."""

    def __init__(self, deferred: defer.Deferred) -> None:
        self.deferred = deferred
        self.out = io.BytesIO()
        self.err = io.BytesIO()

    def outReceived(self, data: bytes) -> None:
        """Keep standard output."""
        self.out.write(data)

    def errReceived(self, data: bytes) -> None:
        """Keep standard error."""
        self.err.write(data)

    def processEnded(self, reason: Failure) -> None:
        """Deliver (out, err, code), or fail with (out, err, signal) if a signal ended it."""
        out, err = self.out.getvalue(), self.err.getvalue()
        code, signal = reason.value.exitCode, getattr(reason.value, "signal", None)
        if signal is not None:
            # Twisted fails with the bare tuple; our Failure holds exceptions only.
            self.deferred.errback(_SignalledOutput(out, err, signal))
        else:
            self.deferred.callback((out, err, code))


def getProcessOutput(
    executable: str,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    path: str | None = None,
    reactor: Any = None,
    errortoo: bool = False,
) -> defer.Deferred:
    """Run a program; fire with its stdout (stdout and stderr if ``errortoo``).

    Without ``errortoo``, any stderr output fails the Deferred with an IOError.
    ``env`` defaults to an empty environment.
    """
    d = defer.Deferred()
    _spawn(reactor, _OutputCollector(d, errortoo), executable, args, env or {}, path)
    return d


def getProcessValue(
    executable: str,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    path: str | None = None,
    reactor: Any = None,
) -> defer.Deferred:
    """Run a program; fire with its exit code."""
    d = defer.Deferred()
    _spawn(reactor, _ValueCollector(d), executable, args, env or {}, path)
    return d


def getProcessOutputAndValue(
    executable: str,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    path: str | None = None,
    reactor: Any = None,
) -> defer.Deferred:
    """Run a program; fire with ``(stdout, stderr, exitCode)``."""
    d = defer.Deferred()
    _spawn(reactor, _EverythingCollector(d), executable, args, env or {}, path)
    return d
