"""Turning events into text: the format filled in, a timestamp, the system, a traceback."""

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from string import Formatter
from typing import Any

from refreactor.logger._flatten import flatFormat
from refreactor.logger._interfaces import LogEvent

timeFormatRFC3339 = "%Y-%m-%dT%H:%M:%S%z"

_formatter = Formatter()


class _Callable:
    """Wraps a field's value so that, in a format, ``{x.method()}`` calls the method."""

    def __init__(self, wrapped: object) -> None:
        self._wrapped = wrapped

    def __getattr__(self, name: str) -> "_Callable":
        return _lookUp(name, lambda attribute: getattr(self._wrapped, attribute))

    def __getitem__(self, key: Any) -> "_Callable":
        return _Callable(self._wrapped[key])  # type: ignore[index]

    def __format__(self, spec: str) -> str:
        return format(self._wrapped, spec)

    def __repr__(self) -> str:
        return repr(self._wrapped)

    def __str__(self) -> str:
        return str(self._wrapped)


def _lookUp(name: str, get: Callable[[str], Any]) -> _Callable:
    """``get(name)``, called if ``name`` ends with ``()``."""
    if name.endswith("()"):
        return _Callable(get(name[:-2])())
    return _Callable(get(name))


class _CallingMapping(Mapping[str, Any]):
    """The event as a format sees it: ``{key()}`` calls the value."""

    def __init__(self, event: Mapping[str, Any]) -> None:
        self._event = event

    def __getitem__(self, key: str) -> Any:
        return _lookUp(key, self._event.__getitem__)

    def __iter__(self) -> Iterator[str]:
        return iter(self._event)

    def __len__(self) -> int:
        return len(self._event)


def formatWithCall(formatString: str, mapping: Mapping[str, Any]) -> str:
    """``formatString.format_map(mapping)``, where a field ending in ``()`` is called."""
    return str(_formatter.vformat(formatString, (), _CallingMapping(mapping)))


def formatUnformattableEvent(event: LogEvent, error: BaseException) -> str:
    """The text for an event whose format failed: what went wrong, and the event."""
    try:
        return f"Unable to format event {event!r}: {error}"
    except BaseException:
        pairs = ", ".join(f"{_safeRepr(k)} = {_safeRepr(v)}" for k, v in event.items())
        return (f"MESSAGE LOST: unformattable object logged: {_safeRepr(error)}\n"
                f"Recoverable data: {pairs}")


def _safeRepr(obj: object) -> str:
    try:
        return repr(obj)
    except BaseException:
        return f"<unrepresentable {type(obj).__name__} object>"


def _formatText(event: LogEvent) -> str:
    """The event's format filled in ("" if it has none)."""
    try:
        if "log_flattened" in event:
            return flatFormat(event)
        format = event.get("log_format")
        if format is None:
            return ""
        if isinstance(format, bytes):
            format = format.decode("utf-8")
        elif not isinstance(format, str):
            raise TypeError(f"Log format must be str, not {format!r}")
        return formatWithCall(format, event)
    except BaseException as e:
        return formatUnformattableEvent(event, e)


def formatEvent(event: LogEvent) -> str:
    """The text of ``event``: its ``log_format`` filled from its keys."""
    return eventAsText(event, includeTraceback=False, includeTimestamp=False,
                       includeSystem=False)


def formatTime(when: float | None, timeFormat: str | None = timeFormatRFC3339,
               default: str = "-") -> str:
    """``when`` (seconds since the epoch) in local time as ``timeFormat``, else ``default``."""
    if timeFormat is None or when is None:
        return default
    return datetime.fromtimestamp(when).astimezone().strftime(timeFormat)


def _system(event: LogEvent) -> str:
    """``log_system``, or else ``namespace#level``."""
    system = event.get("log_system")
    if system is not None:
        try:
            return str(system)
        except Exception:
            return "UNFORMATTABLE"
    level = event.get("log_level")
    return f"{event.get('log_namespace', '-')}#{'-' if level is None else level.name}"


def _traceback(failure: Any) -> str:
    try:
        return failure.getTraceback()
    except BaseException as e:
        return f"(UNABLE TO OBTAIN TRACEBACK FROM EVENT):{e}"


def eventAsText(event: LogEvent, includeTraceback: bool = True, includeTimestamp: bool = True,
                includeSystem: bool = True,
                formatTime: Callable[[float | None], str] = formatTime) -> str:
    """The event as one text: ``timestamp [system] text``, then the failure's traceback."""
    text = _formatText(event)
    if includeTraceback and "log_failure" in event:
        text = "\n".join((text, _traceback(event["log_failure"])))
    if not text:
        return text
    stamp = formatTime(event.get("log_time")) + " " if includeTimestamp else ""
    system = f"[{_system(event)}] " if includeSystem else ""
    return f"{stamp}{system}{text}"


def formatEventAsClassicLogText(event: LogEvent,
                                formatTime: Callable[[float | None], str] = formatTime
                                ) -> str | None:
    """The event as one line of a classic log file (continuation lines indented with a tab),
    or None for an event with no text."""
    text = eventAsText(event, formatTime=formatTime)
    if not text:
        return None
    return text.replace("\n", "\n\t") + "\n"
