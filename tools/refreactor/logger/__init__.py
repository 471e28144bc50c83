"""Structured logging, mirroring ``twisted.logger``.

Code emits events through a ``Logger``; the ``globalLogPublisher`` hands them to observers
(``textFileLogObserver``, ``jsonFileLogObserver``, ``FilteringLogObserver``...), which
``globalLogBeginner.beginLoggingTo`` installs. ``twisted.python.log`` shares the same
publisher, so events and observers of either system see those of the other.
"""

from refreactor.logger._file import FileLogObserver, textFileLogObserver
from refreactor.logger._filter import (
    FilteringLogObserver,
    ILogFilterPredicate,
    LogLevelFilterPredicate,
    PredicateResult,
)
from refreactor.logger._flatten import extractField
from refreactor.logger._format import (
    eventAsText,
    formatEvent,
    formatEventAsClassicLogText,
    formatTime,
    formatWithCall,
    timeFormatRFC3339,
)
from refreactor.logger._global import LogBeginner, globalLogBeginner, globalLogPublisher
from refreactor.logger._interfaces import ILogObserver, LogEvent
from refreactor.logger._io import LoggingFile
from refreactor.logger._json import (
    eventAsJSON,
    eventFromJSON,
    eventsFromJSONLogFile,
    jsonFileLogObserver,
)
from refreactor.logger._legacy import LegacyLogObserverWrapper
from refreactor.logger._levels import InvalidLogLevelError, LogLevel
from refreactor.logger._logger import Logger, _loggerFor
from refreactor.logger._observer import LimitedHistoryLogObserver, LogPublisher

__all__ = [
    "InvalidLogLevelError", "LogLevel", "formatEvent", "formatEventAsClassicLogText",
    "formatTime", "formatWithCall", "timeFormatRFC3339", "eventAsText", "extractField",
    "ILogObserver", "LogEvent", "Logger", "_loggerFor", "LogPublisher",
    "LimitedHistoryLogObserver", "FileLogObserver", "textFileLogObserver", "PredicateResult",
    "ILogFilterPredicate", "FilteringLogObserver", "LogLevelFilterPredicate", "LoggingFile",
    "LegacyLogObserverWrapper", "globalLogPublisher", "globalLogBeginner", "LogBeginner",
    "eventAsJSON", "eventFromJSON", "jsonFileLogObserver", "eventsFromJSONLogFile",
]
