"""The bridge to ``twisted.python.log``: its events and observers work with this system's.

Legacy events (``message``, ``isError``, ``system``, ``format``) gain the ``log_*`` keys on
the way in (``publishToNewObserver``); legacy observers, wrapped in
``LegacyLogObserverWrapper``, get the legacy keys added to every event.
"""

from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from refreactor.logger._format import formatEvent
from refreactor.logger._interfaces import ILogObserver, LogEvent
from refreactor.logger._levels import LogLevel

# The standard library's logging levels, as LogLevels (for the legacy ``logLevel`` key).
_fromStdlibLevel = {10: LogLevel.debug, 20: LogLevel.info, 30: LogLevel.warn,
                    40: LogLevel.error, 50: LogLevel.critical}


class _TextOf:
    """Formats an event only when the text is asked for (``%(log_legacy)s``)."""

    def __init__(self, event: LogEvent) -> None:
        self._event = event

    def __str__(self) -> str:
        return formatEvent(self._event)


@implementer(ILogObserver)
class LegacyLogObserverWrapper:
    """Makes a ``twisted.python.log`` observer (a callable of legacy event dicts) a new-style
    observer: each event gets ``message``, ``time``, ``system``, ``isError``, ``format`` (and
    ``failure``, ``why``) before it is passed on."""

    def __init__(self, legacyObserver: Callable[[LogEvent], None]) -> None:
        self.legacyObserver = legacyObserver

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.legacyObserver})"

    def __call__(self, event: LogEvent) -> None:
        """Add the legacy keys to ``event`` and give it to the legacy observer."""
        event.setdefault("message", ())
        event.setdefault("time", event.get("log_time"))
        event.setdefault("system", event.get("log_system", "-"))
        if "format" not in event and event.get("log_format") is not None:
            event["format"] = "%(log_legacy)s"
            event["log_legacy"] = _TextOf(event.copy())
            if not isinstance(event["message"], tuple):
                event["message"] = ()
        if "log_failure" in event:
            event.setdefault("failure", event["log_failure"])
            event.setdefault("isError", 1)
            if "why" not in event:
                event["why"] = formatEvent(event)
        elif "isError" not in event:
            event["isError"] = 1 if event["log_level"] in (LogLevel.error,
                                                            LogLevel.critical) else 0
        self.legacyObserver(event)


def publishToNewObserver(observer: Any, eventDict: LogEvent,
                         textFromEventDict: Callable[[LogEvent], str | None]) -> None:
    """Give a legacy event to a new-style observer, adding the ``log_*`` keys it lacks."""
    eventDict.setdefault("log_time", eventDict.get("time"))
    if "log_format" not in eventDict:
        text = textFromEventDict(eventDict)
        if text is not None:
            eventDict["log_text"] = text
            eventDict["log_format"] = "{log_text}"
    if "log_level" not in eventDict:
        if "logLevel" in eventDict:
            level = _fromStdlibLevel.get(eventDict["logLevel"])
        else:
            level = LogLevel.critical if eventDict.get("isError") else LogLevel.info
        if level is not None:
            eventDict["log_level"] = level
    eventDict.setdefault("log_namespace", "log_legacy")
    if "log_system" not in eventDict and "system" in eventDict:
        eventDict["log_system"] = eventDict["system"]
    observer(eventDict)
