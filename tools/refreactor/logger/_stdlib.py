"""The bridge to the standard library's ``logging``: levels both ways, and an observer that
hands events to a ``logging`` logger."""

import logging
import sys
from typing import Any

from zope.interface import implementer

from refreactor.logger._format import formatEvent
from refreactor.logger._interfaces import ILogObserver, LogEvent
from refreactor.logger._levels import LogLevel

toStdlibLogLevelMapping = {LogLevel.debug: logging.DEBUG, LogLevel.info: logging.INFO,
                           LogLevel.warn: logging.WARNING, LogLevel.error: logging.ERROR,
                           LogLevel.critical: logging.CRITICAL}
# By number and by name: a legacy event's ``logLevel`` may be either.
fromStdlibLogLevelMapping: dict[Any, Any] = {}
for _level, _number in toStdlibLogLevelMapping.items():
    fromStdlibLogLevelMapping[_number] = _level
    fromStdlibLogLevelMapping[logging.getLevelName(_number)] = _level


class StringifiableFromEvent:
    """An event's text, made only when ``str()`` asks for it."""

    def __init__(self, event: LogEvent) -> None:
        self.event = event

    def __str__(self) -> str:
        return formatEvent(self.event)

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


@implementer(ILogObserver)
class STDLibLogObserver:
    """Passes each event to the ``logging`` logger called ``name``, at the matching level
    (a failure as its ``exc_info``); records name the code ``stackDepth`` frames up."""

    defaultStackDepth = 4

    def __init__(self, name: str = "twisted", stackDepth: int = defaultStackDepth) -> None:
        self.logger = logging.getLogger(name)
        self.logger.findCaller = self._findCaller  # type: ignore[method-assign]
        self.stackDepth = stackDepth

    def _findCaller(self, stackInfo: bool = False, stackLevel: int = 1) -> tuple:
        frame = sys._getframe(self.stackDepth)
        return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name, None

    def __call__(self, event: LogEvent) -> None:
        """Log ``event`` through ``logging``."""
        failure = event.get("log_failure")
        excInfo = None if failure is None else (failure.type, failure.value, failure.tb)
        level = toStdlibLogLevelMapping.get(event.get("log_level", LogLevel.info), logging.INFO)
        self.logger.log(level, StringifiableFromEvent(event), exc_info=excInfo)
