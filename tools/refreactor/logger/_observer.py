"""Publishers and simple observers: fan events out, drop them, or keep the latest ones."""

from collections import deque
from typing import Any

from zope.interface import implementer

from refreactor.logger._interfaces import ILogObserver, LogEvent
from refreactor.logger._logger import Logger
from refreactor.python.failure import Failure

_OBSERVER_FAILED = "Temporarily disabling observer {observer} due to exception: {log_failure}"


@implementer(ILogObserver)
class LogPublisher:
    """An observer that passes each event on to every observer added to it.

    An observer that raises is reported (to the others) rather than breaking the publisher.
    """

    def __init__(self, *observers: Any) -> None:
        self._observers = list(observers)
        self.log = Logger(observer=self)

    def addObserver(self, observer: Any) -> None:
        """Pass events to ``observer`` too (once, however often it is added)."""
        if not callable(observer):
            raise TypeError(f"Observer is not callable: {observer!r}")
        if observer not in self._observers:
            self._observers.append(observer)

    def removeObserver(self, observer: Any) -> None:
        """Stop passing events to ``observer`` (nothing happens if it was not added)."""
        if observer in self._observers:
            self._observers.remove(observer)

    def __call__(self, event: LogEvent) -> None:
        """Pass ``event`` to each observer, then report those that raised."""
        broken = []
        for observer in list(self._observers):
            try:
                observer(event)
            except Exception:
                broken.append((observer, Failure()))
        for observer, failure in broken:
            others = LogPublisher(*(o for o in self._observers if o is not observer))
            Logger(observer=others).failure(_OBSERVER_FAILED, failure=failure,
                                            observer=observer)


@implementer(ILogObserver)
def bitbucketLogObserver(event: LogEvent) -> None:
    """An observer that ignores every event."""


@implementer(ILogObserver)
class LimitedHistoryLogObserver:
    """Keeps the last ``size`` events (all of them if None) to replay them later."""

    def __init__(self, size: int | None = 64 * 1024) -> None:
        self._buffer: deque[LogEvent] = deque(maxlen=size)

    def __call__(self, event: LogEvent) -> None:
        """Keep ``event``, forgetting the oldest one when full."""
        self._buffer.append(event)

    def replayTo(self, otherObserver: Any) -> None:
        """Give every kept event, oldest first, to ``otherObserver``."""
        for event in self._buffer:
            otherObserver(event)
