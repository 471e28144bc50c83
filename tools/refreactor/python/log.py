"""Event logging in the style of ``twisted.python.log``: observers receive event dicts."""

import sys
import time
from collections.abc import Callable
from typing import IO, Any

from refreactor.python import context
from refreactor.python.failure import Failure

EventDict = dict[str, Any]
Observer = Callable[[EventDict], None]

_observers: list[Observer] = []


class ILogContext:
    """The context key of the default event keys, such as the ``system`` of the caller."""


def addObserver(observer: Observer) -> None:
    """Have ``observer(eventDict)`` called for every event logged from now on."""
    _observers.append(observer)


def removeObserver(observer: Observer) -> None:
    """Stop sending events to ``observer``."""
    if observer in _observers:
        _observers.remove(observer)


def msg(*message: Any, **kw: Any) -> None:
    """Log an event whose text is the words of ``message``; keywords become event keys."""
    event: EventDict = {"message": message, "time": time.time(), "isError": 0,
                        "system": (context.get(ILogContext) or {}).get("system", "-")}
    event.update(kw)
    if not _observers:
        if event["isError"]:
            sys.stderr.write(textFromEventDict(event) + "\n")
        return
    for observer in list(_observers):
        try:
            observer(event)
        except Exception:
            # A broken observer must not break logging for the others, nor recurse.
            removeObserver(observer)
            sys.stderr.write(f"log observer {observer!r} failed and was removed\n")


def err(_stuff: Any = None, _why: str | None = None, **kw: Any) -> None:
    """Log an error: a Failure, an exception, the exception being handled, or any object."""
    if _stuff is None:
        _stuff = Failure()
    if isinstance(_stuff, BaseException) and not isinstance(_stuff, Failure):
        _stuff = Failure(_stuff)
    if isinstance(_stuff, Failure):
        msg(failure=_stuff, why=_why, isError=1, **kw)
    else:
        msg(repr(_stuff), why=_why, isError=1, **kw)


deferr = err


def textFromEventDict(eventDict: EventDict) -> str | None:
    """Render an event as text: its message words, its format, or its failure traceback."""
    words = eventDict.get("message", ())
    if words:
        return " ".join(str(w) for w in words)
    if eventDict.get("isError") and "failure" in eventDict:
        why = eventDict.get("why") or "Unhandled Error"
        return f"{why}\n{eventDict['failure'].getTraceback()}"
    if "format" in eventDict:
        try:
            return eventDict["format"] % eventDict
        except Exception:
            return f"Invalid format string in log message: {eventDict!r}"
    return None


class FileLogObserver:
    """Writes each event to a file as ``time [system] text``."""

    timeFormat = "%Y-%m-%d %H:%M:%S%z"

    def __init__(self, f: IO[str]) -> None:
        self.write = f.write
        self.flush = getattr(f, "flush", lambda: None)

    def emit(self, eventDict: EventDict) -> None:
        """Write one event."""
        text = textFromEventDict(eventDict)
        if text is None:
            return
        stamp = time.strftime(self.timeFormat, time.localtime(eventDict["time"]))
        text = text.replace("\n", "\n\t")
        self.write(f"{stamp} [{eventDict['system']}] {text}\n")
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
            self.write(line)

    def flush(self) -> None:
        """Nothing is buffered except a partial line, which waits for its end."""


def startLogging(file: IO[str], *a: Any, setStdout: bool = True, **kw: Any) -> FileLogObserver:
    """Log every event to ``file``; with ``setStdout``, also log what is printed."""
    observer = FileLogObserver(file)
    observer.start()
    if setStdout:
        sys.stdout = StdioOnnaStick(0)
        sys.stderr = StdioOnnaStick(1)
    msg("Log opened.")
    return observer


def callWithLogger(logger: Any, func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Call ``func`` with the logger's prefix as the log system; log any exception it raises."""
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
        return "-"
