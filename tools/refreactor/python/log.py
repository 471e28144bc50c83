"""Event logging in the style of ``twisted.python.log``: observers receive event dicts.

This is the legacy face of ``refreactor.logger``: ``msg`` and ``err`` publish to the same
global publisher as ``Logger``, and observers added here see events from both (each
wrapped so that it gets the legacy keys ``message``, ``isError``, ``system``, ``time``).
"""

import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any

from zope.interface import Interface

from refreactor.logger._global import globalLogBeginner, globalLogPublisher
from refreactor.logger._io import LoggingFile
from refreactor.logger._legacy import LegacyLogObserverWrapper, publishToNewObserver
from refreactor.logger._levels import LogLevel
from refreactor.logger._logger import Logger
from refreactor.python import context
from refreactor.python.failure import Failure

EventDict = dict[str, Any]
Observer = Callable[[EventDict], None]

_wrappers: list[LegacyLogObserverWrapper] = []


class ILogObserver(Interface):
    """A legacy observer: a callable of one event dict (``message``, ``isError``, ``system``,
    ``time``, and for errors ``failure`` and ``why``)."""

    def __call__(eventDict):
        """Handle one event; it must not raise."""


class ILogContext:
    """The context key of the default event keys, such as the ``system`` of the caller."""


def addObserver(observer: Observer) -> None:
    """Have ``observer(eventDict)`` called for every event logged from now on."""
    wrapper = LegacyLogObserverWrapper(observer)
    _wrappers.append(wrapper)
    globalLogPublisher.addObserver(wrapper)


def removeObserver(observer: Observer) -> None:
    """Stop sending events to ``observer``."""
    for wrapper in _wrappers:
        if wrapper.legacyObserver == observer:
            _wrappers.remove(wrapper)
            globalLogPublisher.removeObserver(wrapper)
            return


def msg(*message: Any, **kw: Any) -> None:
    """Log an event whose text is the words of ``message``; keywords become event keys."""
    event: EventDict = {"system": "-", **(context.get(ILogContext) or {})}
    event.update(kw)
    event["message"] = message
    event["time"] = time.time()
    event.setdefault("isError", 0)
    publishToNewObserver(globalLogPublisher, event, textFromEventDict)


def err(_stuff: Any = None, _why: str | None = None, **kw: Any) -> None:
    """Log an error: a Failure, an exception, the exception being handled, or any object."""
    if _stuff is None:
        _stuff = Failure()
    if isinstance(_stuff, Exception):
        _stuff = Failure(_stuff)
    if isinstance(_stuff, Failure):
        msg(failure=_stuff, why=_why, isError=1, **kw)
    else:
        msg(repr(_stuff), why=_why, isError=1, **kw)


deferr = err


def _safeStr(obj: Any) -> str:
    """``str(obj)``, UTF-8 bytes as their text, and never an exception."""
    if isinstance(obj, bytes):
        try:
            return obj.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return str(obj)
    except Exception:
        return f"<unprintable {type(obj).__name__} object>"


def _safeFormat(format: str, eventDict: EventDict) -> str:
    try:
        return format % eventDict
    except Exception:
        return (f"Invalid format string or unformattable object in log message: {format!r}, "
                f"{eventDict}")


def textFromEventDict(eventDict: EventDict) -> str | None:
    """Render an event as text: its message words, its failure traceback, or its format."""
    words = eventDict.get("message", ())
    if words:
        return " ".join(_safeStr(w) for w in words)
    if eventDict.get("isError") and "failure" in eventDict:
        why = _safeStr(eventDict["why"]) if eventDict.get("why") else "Unhandled Error"
        try:
            traceback = eventDict["failure"].getTraceback()
        except Exception as e:
            traceback = f"(unable to obtain traceback): {e}"
        return f"{why}\n{traceback}"
    if "format" in eventDict:
        return _safeFormat(eventDict["format"], eventDict)
    return None


class FileLogObserver:
    """Writes each event to a file as ``time [system] text`` (time: local, with offset)."""

    timeFormat: str | None = None

    def __init__(self, f: IO[str]) -> None:
        self.write = f.write
        self.flush = getattr(f, "flush", lambda: None)

    def formatTime(self, when: float) -> str:
        """``when`` as ``YYYY-MM-DD HH:MM:SS+HHMM`` local time, or as ``timeFormat``."""
        local = datetime.fromtimestamp(when)
        if self.timeFormat is not None:
            return local.strftime(self.timeFormat)
        return local.astimezone().strftime("%Y-%m-%d %H:%M:%S%z")

    def emit(self, eventDict: EventDict) -> None:
        """Write one event."""
        text = textFromEventDict(eventDict)
        if text is None:
            return
        text = text.replace("\n", "\n\t")
        self.write(f"{self.formatTime(eventDict['time'])} [{eventDict['system']}] {text}\n")
        self.flush()

    def start(self) -> None:
        """Begin observing events."""
        addObserver(self.emit)

    def stop(self) -> None:
        """Stop observing events."""
        removeObserver(self.emit)


class StdioOnnaStick:
    """A file-like object turning each written line into a log event."""

    def __init__(self, isError: int = 0) -> None:
        self.isError = isError
        self.buf = ""

    def write(self, data: str) -> None:
        """Log each complete line of ``data``; keep a partial line for later."""
        lines = (self.buf + data).split("\n")
        self.buf = lines.pop()
        for line in lines:
            msg(line, printed=1, isError=self.isError)

    def writelines(self, lines: list[str]) -> None:
        """Log each line."""
        for line in lines:
            msg(line, printed=1, isError=self.isError)

    def flush(self) -> None:
        """Nothing is buffered except a partial line, which waits for its end."""


def startLoggingWithObserver(observer: Observer, setStdout: bool = True) -> None:
    """Begin logging to ``observer``; with ``setStdout``, what is printed is logged too."""
    wrapper = LegacyLogObserverWrapper(observer)
    _wrappers.append(wrapper)
    globalLogBeginner.beginLoggingTo([wrapper], discardBuffer=True,
                                     redirectStandardIO=setStdout)
    msg("Log opened.")


def startLogging(file: IO[str], *a: Any, setStdout: bool = True, **kw: Any) -> FileLogObserver:
    """Log every event to ``file``; with ``setStdout``, also log what is printed."""
    observer = FileLogObserver(file)
    startLoggingWithObserver(observer.emit, setStdout)
    return observer


class NullFile:
    """A file-like object that discards what is written to it."""

    softspace = 0

    def read(self) -> None:
        """Nothing to read."""

    def write(self, data: Any) -> None:
        """Discard ``data``."""

    def flush(self) -> None:
        """Nothing to flush."""

    def close(self) -> None:
        """Nothing to close."""


# Files whose lines become log events (info and error), for code that writes to a log as to
# a file; their logger's namespace is Twisted's for this module.
logfile: Any = LoggingFile(Logger("twisted.python.log"), LogLevel.info,
                           getattr(sys.stdout, "encoding", None))
logerr: Any = LoggingFile(Logger("twisted.python.log"), LogLevel.error,
                          getattr(sys.stderr, "encoding", None))


def discardLogs() -> None:
    """From now on, discard what is written to ``logfile``."""
    global logfile
    logfile = NullFile()


def callWithLogger(logger: Any, func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Call ``func`` with ``logger``'s prefix as the log system; log (rather than propagate)
    any exception it raises."""
    system = _prefixOf(logger)
    current = context.get(ILogContext) or {}
    try:
        return context.call({ILogContext: {**current, "system": system}}, func, *args, **kw)
    except Exception:
        err(system=system)
        return None


def _prefixOf(logger: Any) -> str:
    try:
        return logger.logPrefix()
    except Exception:
        return "(buggy logPrefix method)"


__all__ = ["addObserver", "removeObserver", "msg", "err", "deferr", "textFromEventDict",
           "FileLogObserver", "StdioOnnaStick", "startLogging", "startLoggingWithObserver",
           "callWithLogger", "ILogContext", "ILogObserver", "NullFile", "logfile", "logerr",
           "discardLogs"]
