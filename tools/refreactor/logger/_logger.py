"""``Logger``: where code emits events, each with a level, a namespace and a format."""

import sys
import time
from types import TracebackType
from typing import Any, Protocol

from refreactor.logger._levels import InvalidLogLevelError, LogLevel
from refreactor.python.failure import Failure


class Operation(Protocol):
    """What ``Logger.failuresHandled`` tells of the block it ran."""

    @property
    def succeeded(self) -> bool:
        """The block ran to its end."""

    @property
    def failure(self) -> Failure | None:
        """The failure the block raised (and that was logged), if any."""

    @property
    def failed(self) -> bool:
        """The block raised."""


class _FailuresLogged:
    """A context manager that logs (and swallows) what its block raises."""

    succeeded = False
    failure: Failure | None = None

    def __init__(self, logFailure: Any) -> None:
        self._logFailure = logFailure

    @property
    def failed(self) -> bool:
        """Whether the block raised."""
        return self.failure is not None

    def __enter__(self) -> "_FailuresLogged":
        return self

    def __exit__(self, excType: type[BaseException] | None, excValue: BaseException | None,
                 traceback: TracebackType | None) -> bool:
        if excValue is None:
            self.succeeded = True
        else:
            self.failure = Failure(excValue, excType, traceback)
            self._logFailure(self.failure)
        return True


class Logger:
    """Emits events to an observer (the global publisher unless given one).

    Made at module level, its namespace is the module's name; as a class attribute it
    becomes, for each instance (or the class), a logger named ``module.Class`` whose
    ``log_source`` is that instance (or class).
    """

    def __init__(self, namespace: str | None = None, source: object = None,
                 observer: Any = None) -> None:
        if namespace is None:
            namespace = _callersModule()
        self.namespace = namespace
        self.source = source
        if observer is None:
            from refreactor.logger._global import globalLogPublisher

            observer = globalLogPublisher
        self.observer = observer

    def __get__(self, instance: object, owner: type | None = None) -> "Logger":
        assert owner is not None
        source = owner if instance is None else instance
        return self.__class__(f"{owner.__module__}.{owner.__name__}", source,
                              observer=self.observer)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.namespace!r}>"

    def emit(self, level: Any, format: str | None = None, **kwargs: Any) -> None:
        """Emit an event at ``level`` whose text is ``format`` filled from ``kwargs``."""
        if level not in LogLevel.iterconstants():
            self.failure("Got invalid log level {invalidLevel!r} in {logger}.emit().",
                         Failure(InvalidLogLevelError(level)), invalidLevel=level, logger=self)
            return
        event = kwargs
        event.update(log_logger=self, log_level=level, log_namespace=self.namespace,
                     log_source=self.source, log_format=format, log_time=time.time())
        self.observer(event)

    def failure(self, format: str, failure: Failure | None = None,
                level: Any = LogLevel.critical, **kwargs: Any) -> None:
        """Emit ``failure`` (by default the exception being handled) with a message."""
        if failure is None:
            failure = Failure()
        self.emit(level, format, log_failure=failure, **kwargs)

    def failuresHandled(self, format: str, level: Any = LogLevel.critical,
                        **kwargs: Any) -> _FailuresLogged:
        """A context manager whose block's exception is logged (with ``format``), not raised;
        it tells whether the block ``succeeded`` or ``failed``, and the ``failure``."""
        return _FailuresLogged(lambda f: self.failure(format, f, level, **kwargs))

    def failureHandler(self, staticMessage: str, level: Any = LogLevel.critical
                       ) -> _FailuresLogged:
        """A context manager logging, with ``staticMessage``, what its block raises (cheap
        enough to enter in a loop)."""
        return _FailuresLogged(lambda f: self.failure(staticMessage, f, level))

    def debug(self, format: str | None = None, **kwargs: Any) -> None:
        """Emit at debug level."""
        self.emit(LogLevel.debug, format, **kwargs)

    def info(self, format: str | None = None, **kwargs: Any) -> None:
        """Emit at info level."""
        self.emit(LogLevel.info, format, **kwargs)

    def warn(self, format: str | None = None, **kwargs: Any) -> None:
        """Emit at warn level."""
        self.emit(LogLevel.warn, format, **kwargs)

    def error(self, format: str | None = None, **kwargs: Any) -> None:
        """Emit at error level."""
        self.emit(LogLevel.error, format, **kwargs)

    def critical(self, format: str | None = None, **kwargs: Any) -> None:
        """Emit at critical level."""
        self.emit(LogLevel.critical, format, **kwargs)


def _callersModule() -> str:
    """The ``__name__`` of the module that called ``Logger()``; refreactor's modules by their
    ``twisted.*`` names, which is what Twisted's own loggers are called."""
    try:
        name = sys._getframe(2).f_globals["__name__"]
    except (KeyError, ValueError):
        return "<unknown>"
    if name.startswith("refreactor."):
        return "twisted." + name[len("refreactor."):]
    return name


def _loggerFor(obj: object) -> Logger:
    """A logger whose namespace is ``obj``'s class and whose source is ``obj``."""
    cls = type(obj)
    return Logger(f"{cls.__module__}.{cls.__name__}", obj)
