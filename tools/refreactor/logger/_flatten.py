"""Flattening: store, in the event, the text of each field its format refers to.

A flattened event (``log_flattened``) can be formatted after its objects are gone, for
example once it has been written as JSON and read back. The keys are
``"name!conversion:spec"`` (``"/2"``, ``"/3"``... for repeats), as Twisted writes them,
so that log files pass between the two.
"""

from collections import defaultdict
from string import Formatter
from typing import Any

from refreactor.logger._interfaces import LogEvent

_formatter = Formatter()


class _KeyNamer:
    """Names the flattened value of each field occurrence of a format."""

    def __init__(self) -> None:
        self._seen: defaultdict[str, int] = defaultdict(int)

    def key(self, fieldName: str, formatSpec: str | None, conversion: str | None) -> str:
        key = f"{fieldName}!{conversion or ''}:{formatSpec or ''}"
        self._seen[key] += 1
        count = self._seen[key]
        return key if count == 1 else f"{key}/{count}"


def flattenEvent(event: LogEvent) -> None:
    """Add to ``event`` the text (and value) of every field its ``log_format`` uses."""
    format = event.get("log_format")
    if format is None:
        return
    fields = event.get("log_flattened", {})
    namer = _KeyNamer()
    for _, fieldName, formatSpec, conversion in _formatter.parse(format):
        if fieldName is None:
            continue
        conversion = "r" if conversion == "r" else "s"
        textKey = namer.key(fieldName, formatSpec, conversion)
        valueKey = namer.key(fieldName, formatSpec, "")
        if textKey in fields:
            continue
        call = fieldName.endswith("()")
        value = _formatter.get_field(fieldName[:-2] if call else fieldName, (), event)[0]
        if call:
            value = value()
        fields[textKey] = repr(value) if conversion == "r" else str(value)
        fields[valueKey] = value
    if fields:
        event["log_flattened"] = fields


def extractField(field: str, event: LogEvent) -> Any:
    """The value of ``field`` (as written in a format, ``"a.b"``) from a flattened event."""
    [(_, fieldName, formatSpec, conversion)] = list(_formatter.parse("{" + field + "}"))
    key = _KeyNamer().key(fieldName or "", formatSpec, conversion)
    if "log_flattened" not in event:
        flattenEvent(event)
    return event["log_flattened"][key]


def flatFormat(event: LogEvent) -> str:
    """``log_format`` filled from the flattened texts."""
    values = event["log_flattened"]
    namer = _KeyNamer()
    pieces = []
    for literal, fieldName, formatSpec, conversion in _formatter.parse(event["log_format"]):
        pieces.append(literal)
        if fieldName is not None:
            pieces.append(str(values[namer.key(fieldName, formatSpec, conversion or "s")]))
    return "".join(pieces)
