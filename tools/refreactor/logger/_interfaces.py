"""What a log observer is: a callable that takes one event dict."""

from typing import Any

from zope.interface import Interface

LogEvent = dict[str, Any]


class ILogObserver(Interface):
    """Receives every event published to it.

    An event is a dict; the keys starting ``log_`` are the logging system's own:
    ``log_format`` (a PEP 3101 format string over the event's keys), ``log_level``,
    ``log_namespace``, ``log_source``, ``log_time``, ``log_failure``, ``log_system``.
    """

    def __call__(event):
        """Handle ``event``; an observer must not raise, nor modify keys it does not own."""
