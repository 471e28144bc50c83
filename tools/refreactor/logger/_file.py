"""Observers that write each event, as text, to a file."""

import io
from collections.abc import Callable
from typing import IO, Any

from zope.interface import implementer

from refreactor.logger._format import formatEventAsClassicLogText, formatTime, timeFormatRFC3339
from refreactor.logger._interfaces import ILogObserver, LogEvent


def _isTextFile(outFile: IO[Any]) -> bool:
    if isinstance(outFile, io.TextIOBase):
        return True
    if isinstance(outFile, io.BufferedIOBase | io.RawIOBase):
        return False
    return "b" not in getattr(outFile, "mode", "")


@implementer(ILogObserver)
class FileLogObserver:
    """Writes ``formatEvent(event)`` for each event to ``outFile`` (UTF-8 if binary)."""

    def __init__(self, outFile: IO[Any], formatEvent: Callable[[LogEvent], str | None]) -> None:
        self._encoding = None if _isTextFile(outFile) else "utf-8"
        self._outFile = outFile
        self.formatEvent = formatEvent

    def __call__(self, event: LogEvent) -> None:
        """Write the event's text, if it has any, and flush."""
        text = self.formatEvent(event)
        if text:
            self._outFile.write(text if self._encoding is None else text.encode(self._encoding))
            self._outFile.flush()


def textFileLogObserver(outFile: IO[Any],
                        timeFormat: str | None = timeFormatRFC3339) -> FileLogObserver:
    """An observer writing ``timestamp [system] text`` lines, times as ``timeFormat``."""

    def format(event: LogEvent) -> str | None:
        return formatEventAsClassicLogText(event, lambda when: formatTime(when, timeFormat))

    return FileLogObserver(outFile, format)
