"""``capturedLogs``: the events published while a ``with`` block runs, for tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from refreactor.logger._global import globalLogPublisher
from refreactor.logger._interfaces import LogEvent


@contextmanager
def capturedLogs() -> Iterator[list[LogEvent]]:
    """Collect, in the list it gives, every event the global publisher sees meanwhile."""
    events: list[LogEvent] = []
    globalLogPublisher.addObserver(events.append)
    try:
        yield events
    finally:
        globalLogPublisher.removeObserver(events.append)
