"""``LoggingFile``: a write-only text file whose every line becomes a log event."""

import sys
from collections.abc import Iterable
from io import UnsupportedOperation
from typing import Any, NoReturn

from refreactor.logger._levels import LogLevel
from refreactor.logger._logger import Logger


class LoggingFile:
    """Stands in for a stream (``sys.stdout``...): each complete line written is emitted by
    ``logger`` at ``level`` with the format ``{log_io}``."""

    def __init__(self, logger: Logger, level: Any = LogLevel.info,
                 encoding: str | None = None) -> None:
        self.level = level
        self.log = logger
        self._encoding = encoding or sys.getdefaultencoding()
        self._buffer = ""
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether ``close`` was called."""
        return self._closed

    @property
    def encoding(self) -> str:
        """The encoding bytes written are decoded with."""
        return self._encoding

    @property
    def mode(self) -> str:
        """Always ``"w"``."""
        return "w"

    @property
    def newlines(self) -> None:
        """Always None."""
        return None

    @property
    def name(self) -> str:
        """``<LoggingFile namespace#level>``."""
        return f"<{type(self).__name__} {self.log.namespace}#{self.level.name}>"

    def close(self) -> None:
        """Refuse further writes."""
        self._closed = True

    def flush(self) -> None:
        """Nothing to do: a partial line waits for its end."""

    def fileno(self) -> NoReturn:
        """There is no descriptor: UnsupportedOperation."""
        raise UnsupportedOperation("LoggingFile has no file descriptor.")

    def isatty(self) -> bool:
        """Never a terminal."""
        return False

    def write(self, message: str | bytes) -> None:
        """Emit each complete line of ``message``; keep the rest for the next write."""
        if self._closed:
            raise ValueError("I/O operation on closed file")
        text = message.decode(self._encoding) if isinstance(message, bytes) else message
        lines = (self._buffer + text).split("\n")
        self._buffer = lines.pop()
        for line in lines:
            self.log.emit(self.level, format="{log_io}", log_io=line)

    def writelines(self, lines: Iterable[str | bytes]) -> None:
        """Write each of ``lines``."""
        for line in lines:
            self.write(line)

    def _unsupported(self, *args: object) -> NoReturn:
        """Not possible on a log: OSError."""
        raise OSError("unsupported operation")

    read = next = readline = readlines = seek = tell = truncate = _unsupported
