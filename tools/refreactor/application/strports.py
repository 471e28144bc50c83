"""Services and ports from endpoint descriptions, mirroring ``twisted.application.strports``.

``service("tcp:8080", factory)`` is a service listening there while it runs;
``listen("tcp:8080", factory)`` listens now.
"""

from typing import Any

from refreactor.application.internet import StreamServerEndpointService
from refreactor.internet import endpoints
from refreactor.python.failure import Failure


def _globalReactor() -> Any:
    from refreactor.internet import reactor

    return reactor


def service(description: str, factory: Any, reactor: Any = None) -> StreamServerEndpointService:
    """A service listening, while it runs, where ``description`` says (``serverFromString``);
    if listening fails when it starts, the error is raised there."""
    endpoint = endpoints.serverFromString(reactor or _globalReactor(), description)
    svc = StreamServerEndpointService(endpoint, factory)
    svc._raiseSynchronously = True
    return svc


def listen(description: str, factory: Any) -> Any:
    """Listen now where ``description`` says; the listening port (the error is raised)."""
    outcome: list[Any] = []
    endpoints.serverFromString(_globalReactor(), description).listen(factory).addBoth(
        outcome.append)
    if isinstance(outcome[0], Failure):
        outcome[0].raiseException()
    return outcome[0]


__all__ = ["service", "listen"]
