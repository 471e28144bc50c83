"""Test doubles, mirroring ``twisted.internet.testing``: in-memory transports and reactors.

``StringTransport`` records what a protocol writes; ``MemoryReactor`` records the listens
and connects asked of it without touching the network; ``MemoryReactorClock`` adds a fake
clock. The old name of this module, ``twisted.test.proto_helpers``, re-exports it.
"""

from collections.abc import Callable
from io import BytesIO
from typing import Any

from zope.interface import implementer

from refreactor.internet import error, protocol
from refreactor.internet.address import IPv4Address, IPv6Address, UNIXAddress
from refreactor.internet.interfaces import (
    IConnector,
    IConsumer,
    IListeningPort,
    IPushProducer,
    IReactorCore,
    IReactorFDSet,
    IReactorSSL,
    IReactorTCP,
    IReactorUNIX,
    ITransport,
)
from refreactor.internet.task import Clock
from refreactor.internet.tcp import isIPv6Address
from refreactor.python.failure import Failure

__all__ = [
    "AccumulatingProtocol",
    "StringTransport",
    "StringTransportWithDisconnection",
    "StringIOWithoutClosing",
    "MemoryReactor",
    "MemoryReactorClock",
]


class AccumulatingProtocol(protocol.Protocol):
    """Keeps everything it receives in ``data``; records being connected and closed.

    Its factory, if any, must have a ``protocolConnectionMade`` attribute: a Deferred, fired
    with the protocol on connection, or None; ``closedDeferred``, if set, fires on
    ``connectionLost``.
    """

    made = 0
    closed = 0
    closedReason: Failure | None = None
    closedDeferred: Any = None
    data = b""

    def connectionMade(self) -> None:
        """Note the connection and fire the factory's ``protocolConnectionMade``."""
        self.made = 1
        factory = self.factory
        # As in Twisted, a factory must have the attribute (None when nothing waits).
        if factory is not None and factory.protocolConnectionMade is not None:
            waiting, factory.protocolConnectionMade = factory.protocolConnectionMade, None
            waiting.callback(self)

    def dataReceived(self, data: bytes) -> None:
        """Append ``data`` to ``self.data``."""
        self.data += data

    def connectionLost(self, reason: Failure | None = None) -> None:
        """Note the closing and its reason; fire ``closedDeferred``."""
        self.closed = 1
        self.closedReason = reason
        if self.closedDeferred is not None:
            deferred, self.closedDeferred = self.closedDeferred, None
            deferred.callback(None)


@implementer(ITransport, IConsumer, IPushProducer)
class StringTransport:
    """A transport that keeps what is written (``value()``) and only records the rest.

    ``loseConnection`` sets ``disconnecting``; ``abortConnection`` also sets
    ``disconnected``. As a push producer its ``producerState`` is ``"producing"``,
    ``"paused"`` or ``"stopped"``.
    """

    disconnecting = False
    disconnected = False
    producer: Any = None
    streaming: Any = None
    hostAddr: Any = None
    peerAddr: Any = None
    producerState = "producing"

    def __init__(self, hostAddress: Any = None, peerAddress: Any = None,
                 lenient: bool = False) -> None:
        self.clear()
        if hostAddress is not None:
            self.hostAddr = hostAddress
        if peerAddress is not None:
            self.peerAddr = peerAddress
        self.connected = True
        self._lenient = lenient

    def clear(self) -> None:
        """Forget what was written so far (a test helper, not a transport method)."""
        self.io = BytesIO()

    def value(self) -> bytes:
        """Everything written since the last ``clear`` (a test helper)."""
        return self.io.getvalue()

    def write(self, data: bytes) -> None:
        """Record ``data``; only bytes are accepted."""
        if not isinstance(data, bytes):
            raise TypeError(f"Data must be bytes, not {type(data).__name__}")
        self.io.write(data)

    def writeSequence(self, data: Any) -> None:
        """Record each bytes object of ``data``."""
        self.io.write(b"".join(data))

    def loseConnection(self) -> None:
        """Only set ``disconnecting``."""
        self.disconnecting = True

    def abortConnection(self) -> None:
        """Set ``disconnected`` and ``disconnecting``."""
        self.disconnected = True
        self.loseConnection()

    def getPeer(self) -> Any:
        """``peerAddress``, or a fixed IPv4 address."""
        if self.peerAddr is None:
            return IPv4Address("TCP", "192.168.1.1", 54321)
        return self.peerAddr

    def getHost(self) -> Any:
        """``hostAddress``, or a fixed IPv4 address."""
        if self.hostAddr is None:
            return IPv4Address("TCP", "10.0.0.1", 12345)
        return self.hostAddr

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Record ``producer``; RuntimeError if one is registered already."""
        if self.producer is not None:
            raise RuntimeError("Cannot register two producers")
        self.producer = producer
        self.streaming = streaming

    def unregisterProducer(self) -> None:
        """Forget the producer; RuntimeError if there is none."""
        if self.producer is None:
            raise RuntimeError("Cannot unregister a producer unless one is registered")
        self.producer = None
        self.streaming = None

    def _checkState(self) -> None:
        if self.disconnecting and not self._lenient:
            raise RuntimeError("Cannot resume producing after loseConnection")
        if self.producerState == "stopped":
            raise RuntimeError("Cannot resume a stopped producer")

    def pauseProducing(self) -> None:
        """Record being paused."""
        self._checkState()
        self.producerState = "paused"

    def stopProducing(self) -> None:
        """Record being stopped."""
        self.producerState = "stopped"

    def resumeProducing(self) -> None:
        """Record producing again."""
        self._checkState()
        self.producerState = "producing"


class StringTransportWithDisconnection(StringTransport):
    """A StringTransport whose ``loseConnection`` calls its ``protocol``'s connectionLost."""

    protocol: Any

    def loseConnection(self) -> None:
        """Tell ``self.protocol`` the connection is done (once)."""
        if self.connected:
            self.connected = False
            self.protocol.connectionLost(Failure(error.ConnectionDone("Bye.")))


class StringIOWithoutClosing(BytesIO):
    """A BytesIO whose ``close`` keeps the contents readable."""

    def close(self) -> None:
        """Do nothing."""


@implementer(IListeningPort)
class _FakePort:
    """The listening port a MemoryReactor returns: it only knows its address."""

    def __init__(self, hostAddress: Any) -> None:
        self._hostAddress = hostAddress

    def startListening(self) -> None:
        """Nothing to start."""

    def stopListening(self) -> None:
        """Nothing to stop."""

    def getHost(self) -> Any:
        """The address it pretends to listen on."""
        return self._hostAddress


@implementer(IConnector)
class _FakeConnector:
    """The connector a MemoryReactor returns: it records ``stopConnecting``."""

    _disconnected = False
    stoppedConnecting = False

    def __init__(self, address: Any) -> None:
        self._address = address

    def stopConnecting(self) -> None:
        """Record the request."""
        self.stoppedConnecting = True

    def disconnect(self) -> None:
        """Record the request."""
        self._disconnected = True

    def connect(self) -> None:
        """Nothing to do."""

    def getDestination(self) -> Any:
        """The address it pretends to connect to."""
        return self._address


def _tcpAddress(host: str, port: int) -> IPv4Address | IPv6Address:
    if isIPv6Address(host):
        return IPv6Address("TCP", host, port)
    return IPv4Address("TCP", host, port)


@implementer(IReactorCore, IReactorTCP, IReactorSSL, IReactorUNIX, IReactorFDSet)
class MemoryReactor:
    """A reactor that records every listen and connect (``tcpServers``, ``tcpClients``,
    ``sslServers``, ...) and never does network I/O; ``run`` runs the startup hooks, then
    stops."""

    def __init__(self) -> None:
        self.hasInstalled = False
        self.running = False
        self.hasRun = False
        self.hasStopped = False
        self.hasCrashed = False
        self.whenRunningHooks: list[tuple] = []
        self.triggers: dict[str, dict[str, list[tuple]]] = {}
        self.tcpClients: list[tuple] = []
        self.tcpServers: list[tuple] = []
        self.sslClients: list[tuple] = []
        self.sslServers: list[tuple] = []
        self.unixClients: list[tuple] = []
        self.unixServers: list[tuple] = []
        self.connectors: list[_FakeConnector] = []
        self.readers: set[Any] = set()
        self.writers: set[Any] = set()

    def install(self) -> None:
        """Record being installed."""
        self.hasInstalled = True

    def resolve(self, name: str, timeout: Any = 10) -> Any:
        """Not available: NotImplementedError."""
        raise NotImplementedError()

    def run(self) -> None:
        """Run the ``callWhenRunning`` hooks, then stop."""
        assert self.running is False
        self.running = True
        self.hasRun = True
        for f, args, kwargs in self.whenRunningHooks:
            f(*args, **kwargs)
        self.stop()

    def stop(self) -> None:
        """Record being stopped."""
        self.running = False
        self.hasStopped = True

    def crash(self) -> None:
        """Record the crash (``running`` becomes None)."""
        self.running = None
        self.hasCrashed = True

    def iterate(self, delay: float = 0) -> None:
        """Not available: NotImplementedError."""
        raise NotImplementedError()

    def fireSystemEvent(self, eventType: str) -> None:
        """Not available: NotImplementedError."""
        raise NotImplementedError()

    def addSystemEventTrigger(self, phase: str, eventType: str, callable: Callable[..., Any],
                              *args: Any, **kw: Any) -> None:
        """Record the trigger in ``triggers[phase][eventType]``."""
        self.triggers.setdefault(phase, {}).setdefault(eventType, []).append((callable, args, kw))

    def removeSystemEventTrigger(self, triggerID: Any) -> None:
        """Not available: NotImplementedError."""
        raise NotImplementedError()

    def callWhenRunning(self, callable: Callable[..., Any], *args: Any, **kw: Any) -> None:
        """Call now if the reactor has run, else keep it for ``run``."""
        if self.running or self.hasRun:
            callable(*args, **kw)
        else:
            self.whenRunningHooks.append((callable, args, kw))

    def listenTCP(self, port: int, factory: Any, backlog: int = 50,
                  interface: str = "") -> _FakePort:
        """Record the listen; return a port on ``port``."""
        self.tcpServers.append((port, factory, backlog, interface))
        if isIPv6Address(interface):
            return _FakePort(IPv6Address("TCP", interface, port))
        return _FakePort(IPv4Address("TCP", "0.0.0.0", port))

    def _connector(self, address: Any, factory: Any) -> _FakeConnector:
        connector = _FakeConnector(address)
        factory.startedConnecting(connector)
        self.connectors.append(connector)
        return connector

    def connectTCP(self, host: str, port: int, factory: Any, timeout: float = 30,
                   bindAddress: Any = None) -> _FakeConnector:
        """Record the connect; tell the factory it started."""
        self.tcpClients.append((host, port, factory, timeout, bindAddress))
        return self._connector(_tcpAddress(host, port), factory)

    def listenSSL(self, port: int, factory: Any, contextFactory: Any, backlog: int = 50,
                  interface: str = "") -> _FakePort:
        """Record the listen; return a port on ``port``."""
        self.sslServers.append((port, factory, contextFactory, backlog, interface))
        return _FakePort(IPv4Address("TCP", "0.0.0.0", port))

    def connectSSL(self, host: str, port: int, factory: Any, contextFactory: Any,
                   timeout: float = 30, bindAddress: Any = None) -> _FakeConnector:
        """Record the connect; tell the factory it started."""
        self.sslClients.append((host, port, factory, contextFactory, timeout, bindAddress))
        return self._connector(IPv4Address("TCP", host, port), factory)

    def listenUNIX(self, address: str, factory: Any, backlog: int = 50, mode: int = 0o666,
                   wantPID: int = 0) -> _FakePort:
        """Record the listen; return a port on ``address``."""
        self.unixServers.append((address, factory, backlog, mode, wantPID))
        return _FakePort(UNIXAddress(address))

    def connectUNIX(self, address: str, factory: Any, timeout: float = 30,
                    checkPID: int = 0) -> _FakeConnector:
        """Record the connect; tell the factory it started."""
        self.unixClients.append((address, factory, timeout, checkPID))
        return self._connector(UNIXAddress(address), factory)

    def addReader(self, reader: Any) -> None:
        """Add ``reader`` to ``readers``."""
        self.readers.add(reader)

    def removeReader(self, reader: Any) -> None:
        """Remove ``reader`` from ``readers``."""
        self.readers.discard(reader)

    def addWriter(self, writer: Any) -> None:
        """Add ``writer`` to ``writers``."""
        self.writers.add(writer)

    def removeWriter(self, writer: Any) -> None:
        """Remove ``writer`` from ``writers``."""
        self.writers.discard(writer)

    def getReaders(self) -> list[Any]:
        """The readers."""
        return list(self.readers)

    def getWriters(self) -> list[Any]:
        """The writers."""
        return list(self.writers)

    def removeAll(self) -> list[Any]:
        """Forget every reader and writer and return them."""
        removed = list(self.readers | self.writers)
        self.readers.clear()
        self.writers.clear()
        return removed


class MemoryReactorClock(MemoryReactor, Clock):
    """A MemoryReactor with a fake clock (``callLater``, ``advance``)."""

    def __init__(self) -> None:
        MemoryReactor.__init__(self)
        Clock.__init__(self)
