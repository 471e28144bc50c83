"""Filtering observers: pass on only the events that predicates let through."""

from collections.abc import Iterable
from typing import Any

from zope.interface import Interface, implementer

from refreactor.logger._constants import NamedConstant, Names
from refreactor.logger._interfaces import ILogObserver, LogEvent
from refreactor.logger._levels import InvalidLogLevelError, LogLevel
from refreactor.logger._observer import bitbucketLogObserver


class PredicateResult(Names):
    """A predicate's verdict: ``yes`` (log it), ``no`` (drop it), ``maybe`` (ask the next)."""

    yes = NamedConstant()
    no = NamedConstant()
    maybe = NamedConstant()


class ILogFilterPredicate(Interface):
    """Decides whether an event is to be logged."""

    def __call__(event):
        """A PredicateResult for ``event``."""


def shouldLogEvent(predicates: Iterable[Any], event: LogEvent) -> bool:
    """The first definite verdict of ``predicates`` on ``event``; True if all say maybe."""
    for predicate in predicates:
        result = predicate(event)
        if result is PredicateResult.yes:
            return True
        if result is PredicateResult.no:
            return False
        if result is not PredicateResult.maybe:
            raise TypeError(f"Invalid predicate result: {result!r}")
    return True


@implementer(ILogObserver)
class FilteringLogObserver:
    """Passes the events the predicates accept to ``observer``, the others to
    ``negativeObserver`` (which drops them by default)."""

    def __init__(self, observer: Any, predicates: Iterable[Any],
                 negativeObserver: Any = bitbucketLogObserver) -> None:
        self._observer = observer
        self._predicates = list(predicates)
        self._negativeObserver = negativeObserver

    def __call__(self, event: LogEvent) -> None:
        """Route ``event`` by the predicates' verdict."""
        if shouldLogEvent(self._predicates, event):
            self._observer(event)
        else:
            self._negativeObserver(event)


@implementer(ILogFilterPredicate)
class LogLevelFilterPredicate:
    """Drops events below the level set for their namespace (or its nearest parent set,
    else ``defaultLogLevel``); events with no level or namespace are dropped."""

    def __init__(self, defaultLogLevel: Any = LogLevel.info) -> None:
        self._levels: dict[str, Any] = {}
        self.defaultLogLevel = defaultLogLevel
        self.clearLogLevels()

    def logLevelForNamespace(self, namespace: str) -> Any:
        """The least level logged for ``namespace``: its own, a parent's, or the default."""
        segments = namespace.split(".") if namespace else []
        while segments:
            name = ".".join(segments)
            if name in self._levels:
                return self._levels[name]
            segments.pop()
        return self._levels[""]

    def setLogLevelForNamespace(self, namespace: str, level: Any) -> None:
        """Log ``namespace`` (and what is under it) from ``level`` up."""
        if level not in LogLevel.iterconstants():
            raise InvalidLogLevelError(level)
        self._levels[namespace or ""] = level

    def clearLogLevels(self) -> None:
        """Forget every namespace's level: the default applies to all."""
        self._levels.clear()
        self._levels[""] = self.defaultLogLevel

    def __call__(self, event: LogEvent) -> Any:
        """``no`` below the namespace's level, else ``maybe``."""
        level = event.get("log_level")
        namespace = event.get("log_namespace", "")
        if level is None or not namespace:
            return PredicateResult.no
        if level < self.logLevelForNamespace(namespace):
            return PredicateResult.no
        return PredicateResult.maybe
