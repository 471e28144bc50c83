"""Log files that rotate, mirroring ``twisted.python.logfile``.

``LogFile`` rotates when it reaches ``rotateLength`` bytes (``app.log`` becomes ``app.log.1``,
the older ones move up, beyond ``maxRotatedFiles`` they are deleted); ``DailyLogFile``
rotates at the first write of a new day (``app.log.2026_12_1``). Both are file-like
objects to give a log observer; ``write`` and ``rotate`` are safe from several threads.
"""

import functools
import glob
import os
import stat
import threading
import time
from collections.abc import Callable
from typing import Any, BinaryIO


def _synchronized(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``method`` holding the file's lock."""

    @functools.wraps(method)
    def locked(self: "BaseLogFile", *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class LogReader:
    """Reads the lines of one log file."""

    def __init__(self, name: str) -> None:
        self._file = open(name)

    def readLines(self, lines: int = 10) -> list[str]:
        """The next ``lines`` lines (fewer at the end of the file)."""
        result = []
        for _ in range(lines):
            line = self._file.readline()
            if not line:
                break
            result.append(line)
        return result

    def close(self) -> None:
        """Close the file."""
        self._file.close()


class BaseLogFile:
    """A log file at ``directory/name``, appended to; subclasses decide when to rotate."""

    _file: BinaryIO

    def __init__(self, name: str, directory: str, defaultMode: int | None = None) -> None:
        self._lock = threading.RLock()
        self.directory = directory
        self.name = name
        self.path = os.path.join(directory, name)
        if defaultMode is None and os.path.exists(self.path):
            defaultMode = stat.S_IMODE(os.stat(self.path).st_mode)
        self.defaultMode = defaultMode
        self._openFile()

    @classmethod
    def fromFullPath(cls, filename: str, *args: Any, **kwargs: Any) -> Any:
        """The log file at path ``filename``."""
        path = os.path.abspath(filename)
        return cls(os.path.basename(path), os.path.dirname(path), *args, **kwargs)

    def shouldRotate(self) -> bool:
        """Whether to rotate before the next write (override)."""
        raise NotImplementedError

    def _openFile(self) -> None:
        self.closed = False
        if os.path.exists(self.path):
            self._file = open(self.path, "rb+", 0)
            self._file.seek(0, os.SEEK_END)
        elif self.defaultMode is not None:
            previous = os.umask(0o777)  # Nobody may open it before its mode is set.
            try:
                self._file = open(self.path, "wb+", 0)
            finally:
                os.umask(previous)
        else:
            self._file = open(self.path, "wb+", 0)
        if self.defaultMode is not None:
            try:
                os.chmod(self.path, self.defaultMode)
            except OSError:
                pass

    @_synchronized
    def write(self, data: str | bytes) -> None:
        """Append ``data`` (text is written as UTF-8), rotating first if it is time."""
        if self.shouldRotate():
            self.flush()
            self.rotate()
        self._file.write(data.encode("utf-8") if isinstance(data, str) else data)

    def flush(self) -> None:
        """Flush the file."""
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self.closed = True
        self._file.close()

    def reopen(self) -> None:
        """Close and open the file again (after something else moved it away)."""
        self.close()
        self._openFile()

    def getCurrentLog(self) -> LogReader:
        """A reader of the current file."""
        return LogReader(self.path)

    def rotate(self) -> None:
        """Move the current file aside and start a new one (override)."""
        raise NotImplementedError


class LogFile(BaseLogFile):
    """Rotates once the file holds ``rotateLength`` bytes (0 or None: never); keeps at most
    ``maxRotatedFiles`` old files (None: all)."""

    def __init__(self, name: str, directory: str, rotateLength: int = 1000000,
                 defaultMode: int | None = None, maxRotatedFiles: int | None = None) -> None:
        BaseLogFile.__init__(self, name, directory, defaultMode)
        self.rotateLength = rotateLength
        self.maxRotatedFiles = maxRotatedFiles

    def _openFile(self) -> None:
        BaseLogFile._openFile(self)
        self.size = self._file.tell()

    def shouldRotate(self) -> bool:
        """Whether the file has reached ``rotateLength``."""
        return bool(self.rotateLength and self.size >= self.rotateLength)

    def getLog(self, identifier: int) -> LogReader:
        """A reader of rotated file number ``identifier``; ValueError if there is none."""
        filename = f"{self.path}.{identifier}"
        if not os.path.exists(filename):
            raise ValueError("no such logfile exists")
        return LogReader(filename)

    @_synchronized
    def write(self, data: str | bytes) -> None:
        """Append ``data``, rotating first if the file is full."""
        BaseLogFile.write(self, data)
        self.size += len(data)

    @_synchronized
    def rotate(self) -> None:
        """``name`` becomes ``name.1``, ``name.1`` becomes ``name.2``...; nothing happens if the
        folder or the file is not writable."""
        if not (os.access(self.directory, os.W_OK) and os.access(self.path, os.W_OK)):
            return
        for number in reversed(self.listLogs()):
            if self.maxRotatedFiles is not None and number >= self.maxRotatedFiles:
                os.remove(f"{self.path}.{number}")
            else:
                os.rename(f"{self.path}.{number}", f"{self.path}.{number + 1}")
        self._file.close()
        os.rename(self.path, f"{self.path}.1")
        self._openFile()

    def listLogs(self) -> list[int]:
        """The numbers of the rotated files, in order."""
        numbers = []
        for name in glob.glob(f"{glob.escape(self.path)}.*"):
            suffix = name.rsplit(".", 1)[-1]
            if suffix.isdigit() and int(suffix):
                numbers.append(int(suffix))
        return sorted(numbers)


class DailyLogFile(BaseLogFile):
    """Rotates at the first write of each new (local) day; the old file is suffixed with its
    date, ``name.YYYY_M_D``."""

    def _openFile(self) -> None:
        BaseLogFile._openFile(self)
        self.lastDate = self.toDate(os.stat(self.path).st_mtime)

    def shouldRotate(self) -> bool:
        """Whether today is later than the day of the last write."""
        return self.toDate() > self.lastDate

    def toDate(self, *args: float) -> tuple[int, int, int]:
        """``(year, month, day)`` of a time (now by default), local time."""
        return time.localtime(*args)[:3]

    def suffix(self, tupledate: Any) -> str:
        """The file suffix of a date (a ``(y, m, d)`` tuple or a time): ``"2026_12_1"``."""
        try:
            return "_".join(map(str, tupledate))
        except TypeError:
            return "_".join(map(str, self.toDate(tupledate)))

    def getLog(self, identifier: Any) -> LogReader:
        """A reader of the file of the day ``identifier`` (a time); ValueError if none."""
        if self.toDate(identifier) == self.lastDate:
            return self.getCurrentLog()
        filename = f"{self.path}.{self.suffix(identifier)}"
        if not os.path.exists(filename):
            raise ValueError("no such logfile exists")
        return LogReader(filename)

    @_synchronized
    def write(self, data: str | bytes) -> None:
        """Append ``data``, rotating first if a new day began."""
        BaseLogFile.write(self, data)
        self.lastDate = max(self.lastDate, self.toDate())

    @_synchronized
    def rotate(self) -> None:
        """Move the file to ``name.<its date>`` (unless that exists) and start a new one."""
        if not (os.access(self.directory, os.W_OK) and os.access(self.path, os.W_OK)):
            return
        newPath = f"{self.path}.{self.suffix(self.lastDate)}"
        if os.path.exists(newPath):
            return
        self._file.close()
        os.rename(self.path, newPath)
        self._openFile()
