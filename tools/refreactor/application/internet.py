"""Services that own a listening port, a client connection or a repeating timer.

``TCPServer(port, factory)`` listens while it runs (``reactor.listenTCP(port, factory)``);
``TCPClient(host, port, factory)`` connects while it runs; likewise for the other transports
(``UDPServer``, ``SSLServer``, ``UNIXServer``, ``MulticastServer``, ...). Each takes the
arguments of the matching reactor method, plus an optional ``reactor=`` keyword. The live
port or connection, and the reactor, are not pickled: a loaded application opens its ports
again, on the global reactor, when started.
"""

from __future__ import annotations

from typing import Any

from refreactor.application import service
from refreactor.internet import defer, task
from refreactor.python import log
from refreactor.python.failure import Failure


def _reactor(given: Any) -> Any:
    """The given reactor, or the global one."""
    if given is not None:
        return given
    from refreactor.internet import reactor

    return reactor


class _VolatileService(service.Service):
    """A service whose attributes named in ``volatile`` are not pickled."""

    volatile: list[str] = []

    def __getstate__(self) -> dict[str, Any]:
        """Return the state without the volatile attributes."""
        state = service.Service.__getstate__(self)
        for name in self.volatile:
            state.pop(name, None)
        return state


class _AbstractServer(_VolatileService):
    """Listens with ``reactor.listen<method>(*args, **kwargs)`` while running."""

    volatile = ["_port", "reactor"]
    method = ""
    reactor: Any = None
    _port: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Keep the arguments of the reactor's listen method."""
        self.reactor = kwargs.pop("reactor", None)
        self.args = args
        self.kwargs = kwargs

    def privilegedStartService(self) -> None:
        """Bind the port now, while privileges last."""
        service.Service.privilegedStartService(self)
        self._port = self._getPort()

    def startService(self) -> None:
        """Bind the port unless the privileged start did."""
        service.Service.startService(self)
        if self._port is None:
            self._port = self._getPort()

    def stopService(self) -> defer.Deferred | None:
        """Close the port; the Deferred fires once it is closed."""
        service.Service.stopService(self)
        if self._port is None:
            return None
        port, self._port = self._port, None
        return port.stopListening()

    def _getPort(self) -> Any:
        """Call the reactor's listen method."""
        listen = getattr(_reactor(self.reactor), f"listen{self.method}")
        return listen(*self.args, **self.kwargs)


class _AbstractClient(_VolatileService):
    """Connects with ``reactor.connect<method>(*args, **kwargs)`` while running."""

    volatile = ["_connection", "reactor"]
    method = ""
    reactor: Any = None
    _connection: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Keep the arguments of the reactor's connect method."""
        self.reactor = kwargs.pop("reactor", None)
        self.args = args
        self.kwargs = kwargs

    def startService(self) -> None:
        """Start connecting."""
        service.Service.startService(self)
        self._connection = self._getConnection()

    def stopService(self) -> None:
        """Disconnect."""
        service.Service.stopService(self)
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.disconnect()

    def _getConnection(self) -> Any:
        """Call the reactor's connect method."""
        connect = getattr(_reactor(self.reactor), f"connect{self.method}")
        return connect(*self.args, **self.kwargs)


class TCPServer(_AbstractServer):
    """Listens on a TCP port: ``TCPServer(port, factory, backlog=50, interface='')``."""

    method = "TCP"


class TCPClient(_AbstractClient):
    """Connects over TCP: ``TCPClient(host, port, factory, timeout=30, bindAddress=None)``."""

    method = "TCP"


class SSLServer(_AbstractServer):
    """Listens with TLS: ``SSLServer(port, factory, contextFactory, ...)``."""

    method = "SSL"


class SSLClient(_AbstractClient):
    """Connects with TLS: ``SSLClient(host, port, factory, contextFactory, ...)``."""

    method = "SSL"


class UNIXServer(_AbstractServer):
    """Listens on a UNIX socket: ``UNIXServer(address, factory, ...)``."""

    method = "UNIX"


class UNIXClient(_AbstractClient):
    """Connects to a UNIX socket: ``UNIXClient(address, factory, ...)``."""

    method = "UNIX"


class UDPServer(_AbstractServer):
    """Serves a UDP port: ``UDPServer(port, protocol, interface='', maxPacketSize=8192)``."""

    method = "UDP"


class MulticastServer(_AbstractServer):
    """Serves a multicast UDP port: ``MulticastServer(port, protocol, ...)``."""

    method = "Multicast"


class UNIXDatagramServer(_AbstractServer):
    """Serves a UNIX datagram socket: ``UNIXDatagramServer(address, protocol, ...)``."""

    method = "UNIXDatagram"


class TimerService(_VolatileService):
    """Calls ``callable(*args, **kwargs)`` every ``step`` seconds while running (first at once).

    An exception raised by the call is logged and stops the repetition.
    """

    volatile = ["_loop", "_loopFinished", "clock"]
    clock: Any = None
    _loop: Any = None
    _loopFinished: Any = None

    def __init__(self, step: float, callable: Any, *args: Any, **kwargs: Any) -> None:
        """Keep the period and the call."""
        self.step = step
        self.call = (callable, args, kwargs)

    def startService(self) -> None:
        """Start calling."""
        service.Service.startService(self)
        callable, args, kwargs = self.call
        self._loop = task.LoopingCall(callable, *args, **kwargs)
        self._loop.clock = _reactor(self.clock)
        self._loopFinished = self._loop.start(self.step, now=True)
        self._loopFinished.addErrback(self._failed)

    def _failed(self, why: Failure) -> None:
        """Log the exception that stopped the loop."""
        log.err(why)

    def stopService(self) -> defer.Deferred | None:
        """Stop calling; the Deferred fires once the loop has stopped."""
        service.Service.stopService(self)
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        return self._loopFinished


class StreamServerEndpointService(service.Service):
    """Listens on an IStreamServerEndpoint with ``factory`` while it runs."""

    _raiseSynchronously = False

    def __init__(self, endpoint: Any, factory: Any) -> None:
        self.endpoint = endpoint
        self.factory = factory
        self._waitingForPort: defer.Deferred | None = None

    def privilegedStartService(self) -> None:
        """Start listening (a failure is logged, or raised for ``strports.service``)."""
        service.Service.privilegedStartService(self)
        self._waitingForPort = self.endpoint.listen(self.factory)
        raisedNow: list[Failure] = []

        def handle(failure: Failure) -> None:
            if self._raiseSynchronously:
                raisedNow.append(failure)
            elif not failure.check(defer.CancelledError):
                log.err(failure)

        self._waitingForPort.addErrback(handle)
        if raisedNow:
            raisedNow[0].raiseException()
        self._raiseSynchronously = False

    def startService(self) -> None:
        """Start listening, unless ``privilegedStartService`` did already."""
        service.Service.startService(self)
        if self._waitingForPort is None:
            self.privilegedStartService()

    def stopService(self) -> defer.Deferred:
        """Stop listening (or stop trying to); fires once the port is closed."""
        assert self._waitingForPort is not None
        self._waitingForPort.cancel()

        def stopListening(port: Any) -> Any:
            return None if port is None else port.stopListening()

        def stopped(result: Any) -> Any:
            self.running = False
            return result

        return self._waitingForPort.addCallback(stopListening).addBoth(stopped)
