"""The process-wide log: ``globalLogPublisher``, and ``globalLogBeginner`` to start it.

Until logging begins, events are kept (the latest 200) and the critical ones are written to
standard error; ``beginLoggingTo`` hands the kept events to the chosen observers, sends
Python's warnings to the log and, by default, makes ``sys.stdout``/``sys.stderr`` log too.
"""

import sys
import warnings
from collections.abc import Iterable
from typing import IO, Any

from refreactor.logger._file import FileLogObserver
from refreactor.logger._filter import FilteringLogObserver, LogLevelFilterPredicate
from refreactor.logger._format import eventAsText
from refreactor.logger._io import LoggingFile
from refreactor.logger._levels import LogLevel
from refreactor.logger._logger import Logger
from refreactor.logger._observer import LimitedHistoryLogObserver, LogPublisher

_BEGUN_TWICE = ("Warning: primary log target selected twice at <{fileNow}:{lineNow}> - "
                "previously selected at <{fileThen}:{lineThen}>.  Remove one of the calls "
                "to beginLoggingTo.")


class LogBeginner:
    """Starts the logging of a ``publisher``: once, with the observers the program chooses."""

    _DEFAULT_BUFFER_SIZE = 200

    def __init__(self, publisher: LogPublisher, errorStream: IO[Any], stdio: Any,
                 warningsModule: Any, initialBufferSize: int | None = None) -> None:
        self._initialBuffer = LimitedHistoryLogObserver(
            self._DEFAULT_BUFFER_SIZE if initialBufferSize is None else initialBufferSize)
        self._publisher = publisher
        # Twisted's namespace, so that a transcript reads the same on either.
        self._log = Logger(namespace="twisted.logger._global", observer=publisher)
        self._stdio = stdio
        self._warningsModule = warningsModule
        criticalToStderr = FilteringLogObserver(
            FileLogObserver(errorStream, lambda event: eventAsText(
                event, includeTimestamp=False, includeSystem=False) + "\n"),
            [LogLevelFilterPredicate(defaultLogLevel=LogLevel.critical)])
        self._temporaryObserver: LogPublisher | None = LogPublisher(
            self._initialBuffer, criticalToStderr)
        self._previousBegin = ("", 0)
        publisher.addObserver(self._temporaryObserver)
        self._oldshowwarning = warningsModule.showwarning

    def beginLoggingTo(self, observers: Iterable[Any], discardBuffer: bool = False,
                       redirectStandardIO: bool = True) -> None:
        """Send every event to ``observers`` from now on, starting with the kept ones
        (unless ``discardBuffer``); with ``redirectStandardIO``, printed lines are logged
        (``sys.stdout`` at info, ``sys.stderr`` at error level)."""
        caller = sys._getframe(1)
        filename, lineno = caller.f_code.co_filename, caller.f_lineno
        for observer in observers:
            self._publisher.addObserver(observer)
        if self._temporaryObserver is not None:
            self._publisher.removeObserver(self._temporaryObserver)
            if not discardBuffer:
                self._initialBuffer.replayTo(self._publisher)
            self._temporaryObserver = None
            self._warningsModule.showwarning = self.showwarning
        else:
            previousFile, previousLine = self._previousBegin
            self._log.warn(_BEGUN_TWICE, fileNow=filename, lineNow=lineno,
                           fileThen=previousFile, lineThen=previousLine)
        self._previousBegin = (filename, lineno)
        if redirectStandardIO:
            for stream, level in (("stdout", LogLevel.info), ("stderr", LogLevel.error)):
                encoding = getattr(getattr(self._stdio, stream), "encoding", None)
                setattr(self._stdio, stream, LoggingFile(
                    Logger(namespace=stream, observer=self._publisher), level, encoding))

    def showwarning(self, message: Any, category: type[Warning], filename: str, lineno: int,
                    file: IO[Any] | None = None, line: str | None = None) -> None:
        """Log a Python warning as one event, ``file:line: category: text`` (a warning
        aimed at a given ``file`` is written there, as Python would)."""
        if file is None:
            self._log.warn("{filename}:{lineno}: {category}: {warning}", warning=message,
                           category=f"{category.__module__}.{category.__qualname__}",
                           filename=filename, lineno=lineno)
        else:
            self._oldshowwarning(message, category, filename, lineno, file, line)


globalLogPublisher = LogPublisher()
globalLogBeginner = LogBeginner(globalLogPublisher, sys.stderr, sys, warnings)
