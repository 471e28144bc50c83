"""Events as JSON: one record per event, written to a file and read back.

Levels and failures survive the trip; any other value that JSON cannot hold is replaced by
``{"unpersistable": true}``, and the format's fields are flattened first so the text of
the event survives anyway. Records are those of Twisted's log files, so the two can read
each other's.
"""

import json
from collections.abc import Iterator
from typing import IO, Any

from refreactor.logger._file import FileLogObserver
from refreactor.logger._flatten import flattenEvent
from refreactor.logger._interfaces import LogEvent
from refreactor.logger._levels import LogLevel
from refreactor.logger._logger import Logger
from refreactor.python.failure import Failure

_log = Logger(namespace="twisted.logger._json")  # Twisted's, so transcripts match

# The class identifiers Twisted's JSON log records use.
_LEVEL_UUID = "02e59486-f24d-46ad-8224-3acdf2a5732a"
_FAILURE_UUID = "e76887e2-20ed-49bf-a8f8-ba25cc586f2d"
_LEVELS = list(LogLevel.iterconstants())


def _failureAsJSON(failure: Failure) -> dict[str, Any]:
    return {"type": {"__module__": failure.type.__module__, "__name__": failure.type.__name__},
            "value": failure.getErrorMessage(), "traceback": failure.getTraceback(),
            "parents": list(failure.parents), "__class_uuid__": _FAILURE_UUID}


def _failureFromJSON(record: dict[str, Any]) -> Failure:
    """A Failure standing for the one recorded: same type name, message and traceback."""
    typeInfo = record["type"]
    excType = type(typeInfo["__name__"], (Exception,), {"__module__": typeInfo["__module__"]})
    failure = Failure(excType(record.get("value", "")))
    failure._tracebackText = record.get("traceback")
    failure.parents = record.get("parents", failure.parents)
    return failure


def _asJSON(value: Any) -> Any:
    """What JSON stores for a value it cannot encode itself."""
    if isinstance(value, bytes):
        return value.decode("charmap")
    if value in _LEVELS:
        return {"name": value.name, "__class_uuid__": _LEVEL_UUID}
    if isinstance(value, Failure):
        return _failureAsJSON(value)
    return {"unpersistable": True}


def _fromJSON(record: dict[str, Any]) -> Any:
    uuid = str(record.get("__class_uuid__", "")).lower()
    if uuid == _LEVEL_UUID:
        return getattr(LogLevel, record["name"], None)
    if uuid == _FAILURE_UUID:
        return _failureFromJSON(record)
    return record


def eventAsJSON(event: LogEvent) -> str:
    """``event`` (flattened first) as one line of JSON text."""
    flattenEvent(event)
    return json.dumps(event, default=_asJSON, skipkeys=True)


def eventFromJSON(eventText: str) -> LogEvent:
    """The event a line of ``eventAsJSON`` text stands for."""
    return json.loads(eventText, object_hook=_fromJSON)


def jsonFileLogObserver(outFile: IO[Any], recordSeparator: str = "\x1e") -> FileLogObserver:
    """An observer writing each event to ``outFile`` as ``recordSeparator`` + JSON + newline."""
    return FileLogObserver(outFile, lambda event: f"{recordSeparator}{eventAsJSON(event)}\n")


def _bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _eventFrom(record: bytes) -> LogEvent | None:
    """The event of one record, or None (and an error logged) if it cannot be read."""
    try:
        text = record.decode("utf-8")
    except UnicodeDecodeError:
        _log.error("Unable to decode UTF-8 for JSON record: {record!r}", record=record)
        return None
    try:
        return eventFromJSON(text)
    except ValueError:
        _log.error("Unable to read JSON record: {record!r}", record=record)
        return None


def eventsFromJSONLogFile(inFile: IO[Any], recordSeparator: str | None = None,
                          bufferSize: int = 4096) -> Iterator[LogEvent]:
    """The events of a JSON log file, in order; unreadable records are logged and skipped.

    With no ``recordSeparator``, it is guessed: ``\\x1e`` if the file starts with one, else
    records are lines. A record not ending with a newline is taken as truncated.
    """
    if recordSeparator is None:
        first = _bytes(inFile.read(1))
        separator = first if first == b"\x1e" else b""
    else:
        first, separator = b"", _bytes(recordSeparator)
    checkTruncation = separator != b""
    separator = separator or b"\n"

    def event(record: bytes) -> LogEvent | None:
        if checkTruncation and not record.endswith(b"\n"):
            _log.error("Unable to read truncated JSON record: {record!r}", record=record)
            return None
        return _eventFrom(record)

    buffer = first
    while True:
        data = inFile.read(bufferSize)
        if not data:
            break
        records = (buffer + _bytes(data)).split(separator)
        buffer = records.pop()
        for record in records:
            if record and (found := event(record)) is not None:
                yield found
    if buffer and (found := event(buffer)) is not None:
        yield found
