"""Failure: an exception captured with its traceback, to be passed around and examined later."""

import sys
import traceback
from typing import IO, Any


class NoCurrentExceptionError(Exception):
    """A Failure was built with no exception given and none being handled."""


def _qualifiedName(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class Failure(BaseException):
    """A captured exception: its ``type``, ``value`` and (until cleaned) traceback ``tb``.

    Built with no arguments inside an ``except`` block, it captures the exception being
    handled. It subclasses BaseException only so ``raise failure`` is possible in
    ``inlineCallbacks``-style code; the ordinary use is ``check``, ``trap`` and friends.
    """

    def __init__(
        self,
        exc_value: BaseException | None = None,
        exc_type: type | None = None,
        exc_tb: Any = None,
        captureVars: bool = False,
    ) -> None:
        if exc_value is None:
            exc_type, exc_value, exc_tb = sys.exc_info()
            if exc_value is None:
                raise NoCurrentExceptionError()
        elif isinstance(exc_value, Failure):
            exc_type, exc_value, exc_tb = exc_value.type, exc_value.value, exc_value.tb
        elif isinstance(exc_value, type) and issubclass(exc_value, BaseException):
            exc_type, exc_value = exc_value, exc_value()
        if exc_tb is None:
            exc_tb = exc_value.__traceback__
        self.value = exc_value
        self.type = exc_type if exc_type is not None else type(exc_value)
        self.tb = exc_tb
        self._tracebackText: str | None = None
        self.parents = [_qualifiedName(c) for c in self.type.__mro__]

    def check(self, *errorTypes: type | str) -> type | str | None:
        """Return the first of ``errorTypes`` the exception is an instance of, else None."""
        for error in errorTypes:
            if isinstance(error, str):
                if error in self.parents:
                    return error
            elif issubclass(self.type, error):
                return error
        return None

    def trap(self, *errorTypes: type | str) -> type | str:
        """Like ``check``, but re-raise the exception when none of ``errorTypes`` matches."""
        error = self.check(*errorTypes)
        if error is None:
            self.raiseException()
        return error

    def raiseException(self) -> None:
        """Raise the captured exception again, with its original traceback."""
        raise self.value.with_traceback(self.tb)

    def throwExceptionIntoGenerator(self, g: Any) -> Any:
        """Throw the captured exception into generator (or coroutine) ``g``."""
        return g.throw(self.value.with_traceback(self.tb))

    def getErrorMessage(self) -> str:
        """The exception's message, as ``str(exception)`` gives it."""
        try:
            return str(self.value)
        except Exception:
            return f"<unprintable {self.type.__name__} object>"

    def cleanFailure(self) -> None:
        """Drop the traceback's frames (keeping its text) so they can be garbage collected."""
        if self._tracebackText is None:
            self._tracebackText = self._formatTraceback()
        self.tb = None
        self.value.__traceback__ = None

    def _formatTraceback(self) -> str:
        # Like Python's, but naming the exception by its qualified name, as Twisted does.
        frames = "".join(traceback.format_tb(self.tb)) if self.tb is not None else ""
        # With no frames, Twisted still writes the header, and "Failure: " in their place.
        return (f"Traceback (most recent call last):\n{frames or 'Failure: '}"
                f"{self.getBriefTraceback()}\n")

    def getTraceback(self, elideFrameworkCode: int = 0, detail: str = "default") -> str:
        """The traceback as text, ending with the exception's type and message."""
        if self._tracebackText is not None:
            return self._tracebackText
        return self._formatTraceback()

    def getBriefTraceback(self) -> str:
        """A one-line summary: the exception's type and message."""
        return f"{_qualifiedName(self.type)}: {self.getErrorMessage()}"

    def printTraceback(self, file: IO[str] | None = None, elideFrameworkCode: int = 0,
                       detail: str = "default") -> None:
        """Write the traceback to ``file`` (default: standard error)."""
        (file or sys.stderr).write(self.getTraceback())

    def printBriefTraceback(self, file: IO[str] | None = None) -> None:
        """Write the one-line summary to ``file`` (default: standard error)."""
        (file or sys.stderr).write(self.getBriefTraceback() + "\n")

    printDetailedTraceback = printTraceback

    def __repr__(self) -> str:
        return f"<{_qualifiedName(Failure)} {_qualifiedName(self.type)}: {self.getErrorMessage()}>"

    def __str__(self) -> str:
        return f"[Failure instance: {self.getTraceback()}]"
