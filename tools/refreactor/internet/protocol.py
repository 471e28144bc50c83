"""Protocol and factory base classes, mirroring ``twisted.internet.protocol``."""

import random
from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet.interfaces import (
    ILoggingContext,
    IProcessProtocol,
    IProtocol,
    IProtocolFactory,
    ITransport,
)
from refreactor.logger._logger import _loggerFor
from refreactor.python import log
from refreactor.python.failure import Failure

connectionDone = Failure(error.ConnectionDone())
connectionDone.cleanFailure()


@implementer(IProtocolFactory, ILoggingContext)
class Factory:
    """Builds one ``protocol`` instance per connection; counts the ports using it."""

    protocol: Any = None
    numPorts = 0
    noisy = True

    @classmethod
    def forProtocol(cls, protocol: Any, *args: Any, **kwargs: Any) -> "Factory":
        """A factory of this class (built with ``args``) whose ``protocol`` is ``protocol``."""
        factory = cls(*args, **kwargs)
        factory.protocol = protocol
        return factory

    def logPrefix(self) -> str:
        """Names the factory in the log."""
        return type(self).__name__

    def doStart(self) -> None:
        """Count one more user; the first one calls ``startFactory``."""
        if not self.numPorts:
            if self.noisy:
                _loggerFor(self).info("Starting factory {factory!r}", factory=self)
            self.startFactory()
        self.numPorts += 1

    def doStop(self) -> None:
        """Count one user less; the last one calls ``stopFactory``."""
        if self.numPorts == 0:
            return
        self.numPorts -= 1
        if not self.numPorts:
            if self.noisy:
                _loggerFor(self).info("Stopping factory {factory!r}", factory=self)
            self.stopFactory()

    def startFactory(self) -> None:
        """Hook: set up before the first connection (override)."""

    def stopFactory(self) -> None:
        """Hook: tear down after the last port or connector stopped (override)."""

    def buildProtocol(self, addr: Any) -> Any:
        """Make ``self.protocol()``, point its ``factory`` at us and return it."""
        p = self.protocol()
        p.factory = self
        return p


class ServerFactory(Factory):
    """A factory for servers."""


class ClientFactory(Factory):
    """A factory for clients, told about the progress of each connection attempt."""

    def startedConnecting(self, connector: Any) -> None:
        """A connection attempt started (override)."""

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        """A connection attempt failed (override)."""

    def clientConnectionLost(self, connector: Any, reason: Failure) -> None:
        """An established connection was lost (override)."""


class ReconnectingClientFactory(ClientFactory):
    """A client factory that reconnects after failure or loss, with exponential back-off."""

    maxDelay = 3600
    initialDelay = 1.0
    factor = 2.7182818284590451
    jitter = 0.11962656472
    delay = initialDelay
    retries = 0
    maxRetries: int | None = None
    _callID: Any = None
    connector: Any = None
    clock: Any = None
    continueTrying = 1

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        """Try again later."""
        if self.continueTrying:
            self.connector = connector
            self.retry()

    def clientConnectionLost(self, connector: Any, reason: Failure) -> None:
        """Try again later."""
        if self.continueTrying:
            self.connector = connector
            self.retry()

    def retry(self, connector: Any = None) -> None:
        """Schedule the next attempt, after a growing, jittered delay."""
        if not self.continueTrying:
            return
        if connector is None:
            connector = self.connector
            if connector is None:
                raise ValueError("no connector to retry")
        self.retries += 1
        if self.maxRetries is not None and self.retries > self.maxRetries:
            if self.noisy:
                log.msg(f"Abandoning {connector} after {self.retries} retries.")
            return
        self.delay = min(self.delay * self.factor, self.maxDelay)
        if self.jitter:
            self.delay = random.normalvariate(self.delay, self.delay * self.jitter)
        if self.noisy:
            log.msg(f"{connector} will retry in {round(self.delay)} seconds")

        def reconnector() -> None:
            self._callID = None
            connector.connect()

        if self.clock is None:
            from refreactor.internet import reactor

            self.clock = reactor
        self._callID = self.clock.callLater(self.delay, reconnector)

    def stopTrying(self) -> None:
        """Give up: cancel the pending attempt and stop any attempt in progress."""
        if self._callID:
            self._callID.cancel()
            self._callID = None
        self.continueTrying = 0
        if self.connector:
            try:
                self.connector.stopConnecting()
            except error.NotConnectingError:
                pass

    def resetDelay(self) -> None:
        """Start over from the initial delay (call it once a connection succeeds)."""
        self.delay = self.initialDelay
        self.retries = 0
        self._callID = None
        self.continueTrying = 1


class BaseProtocol:
    """What every protocol has: a ``transport`` and the ``connected`` flag."""

    connected = 0
    transport: Any = None

    def makeConnection(self, transport: Any) -> None:
        """Attach ``transport`` and call ``connectionMade``."""
        self.connected = 1
        self.transport = transport
        self.connectionMade()

    def connectionMade(self) -> None:
        """The connection is up (override)."""


@implementer(IProtocol, ILoggingContext)
class Protocol(BaseProtocol):
    """The base class of stream protocols; override ``dataReceived`` and friends."""

    factory: Any = None

    def logPrefix(self) -> str:
        """Names the protocol in the log."""
        return type(self).__name__

    def dataReceived(self, data: bytes) -> None:
        """Bytes arrived (override)."""

    def connectionLost(self, reason: Failure = connectionDone) -> None:
        """The connection closed (override)."""


@implementer(IProcessProtocol)
class ProcessProtocol(BaseProtocol):
    """The base class of child-process protocols; dispatches by descriptor number."""

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        """Route output on descriptors 1 and 2 to ``outReceived`` and ``errReceived``."""
        if childFD == 1:
            self.outReceived(data)
        elif childFD == 2:
            self.errReceived(data)

    def outReceived(self, data: bytes) -> None:
        """The child wrote to its standard output (override)."""

    def errReceived(self, data: bytes) -> None:
        """The child wrote to its standard error (override)."""

    def childConnectionLost(self, childFD: int) -> None:
        """Route the closing of descriptors 0, 1, 2 to the matching ``*ConnectionLost``."""
        if childFD == 0:
            self.inConnectionLost()
        elif childFD == 1:
            self.outConnectionLost()
        elif childFD == 2:
            self.errConnectionLost()

    def inConnectionLost(self) -> None:
        """The child's standard input closed (override)."""

    def outConnectionLost(self) -> None:
        """The child's standard output closed (override)."""

    def errConnectionLost(self) -> None:
        """The child's standard error closed (override)."""

    def processExited(self, reason: Failure) -> None:
        """The child exited (override)."""

    def processEnded(self, reason: Failure) -> None:
        """The child exited and its pipes are closed (override)."""


class AbstractDatagramProtocol:
    """What every datagram protocol has: a transport and start/stop bookkeeping."""

    transport: Any = None
    numPorts = 0
    noisy = True

    def logPrefix(self) -> str:
        """Names the protocol in the log."""
        return type(self).__name__

    def doStart(self) -> None:
        """Count one more port; the first one calls ``startProtocol``."""
        if not self.numPorts:
            if self.noisy:
                log.msg(f"Starting protocol {self!r}")
            self.startProtocol()
        self.numPorts += 1

    def doStop(self) -> None:
        """Count one port less; the last one calls ``stopProtocol``."""
        if self.numPorts == 0:
            return
        self.numPorts -= 1
        self.transport = None
        if not self.numPorts:
            if self.noisy:
                log.msg(f"Stopping protocol {self!r}")
            self.stopProtocol()

    def startProtocol(self) -> None:
        """The protocol is attached to a port (override)."""

    def stopProtocol(self) -> None:
        """The protocol is detached from its last port (override)."""

    def makeConnection(self, transport: Any) -> None:
        """Attach ``transport`` and start."""
        self.transport = transport
        self.doStart()

    def datagramReceived(self, datagram: bytes, addr: Any) -> None:
        """A datagram arrived from ``addr`` (override)."""


@implementer(ILoggingContext)
class DatagramProtocol(AbstractDatagramProtocol):
    """The base class of UDP and UNIX datagram protocols."""

    def connectionRefused(self) -> None:
        """A datagram we sent on a connected socket was refused (override)."""


class ConnectedDatagramProtocol(DatagramProtocol):
    """A datagram protocol on a connected socket."""

    def datagramReceived(self, datagram: bytes) -> None:  # type: ignore[override]
        """A datagram arrived from the connected peer (override)."""

    def connectionFailed(self, failure: Failure) -> None:
        """Connecting failed (override)."""


class ClientCreator:
    """Connects one protocol instance, built from a class, and gives it back in a Deferred."""

    def __init__(self, reactor: Any, protocolClass: Any, *args: Any, **kwargs: Any) -> None:
        self.reactor = reactor
        self.protocolClass = protocolClass
        self.args = args
        self.kwargs = kwargs

    def _connect(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        from refreactor.internet.defer import Deferred

        d = Deferred()
        factory = _InstanceFactory(self.reactor, self.protocolClass(*self.args, **self.kwargs), d)
        method(*args, factory=factory, **kwargs)
        return d

    def connectTCP(self, host: str, port: int, timeout: float = 30,
                   bindAddress: Any = None) -> Any:
        """Connect over TCP; the Deferred fires with the connected protocol."""
        return self._connect(self.reactor.connectTCP, host, port, timeout=timeout,
                             bindAddress=bindAddress)

    def connectUNIX(self, address: str, timeout: float = 30, checkPID: int = 0) -> Any:
        """Connect over a UNIX socket; the Deferred fires with the connected protocol."""
        return self._connect(self.reactor.connectUNIX, address, timeout=timeout,
                             checkPID=checkPID)

    def connectSSL(self, host: str, port: int, contextFactory: Any, timeout: float = 30,
                   bindAddress: Any = None) -> Any:
        """Connect over TLS; the Deferred fires with the connected protocol."""
        return self._connect(self.reactor.connectSSL, host, port,
                             contextFactory=contextFactory, timeout=timeout,
                             bindAddress=bindAddress)


class _InstanceFactory(ClientFactory):
    """Hands out one prebuilt protocol and reports the outcome through a Deferred."""

    noisy = False

    def __init__(self, reactor: Any, instance: Any, deferred: Any) -> None:
        self.reactor = reactor
        self.instance = instance
        self.deferred = deferred

    def buildProtocol(self, addr: Any) -> Any:
        """Give out the instance and fire the Deferred with it once connected."""
        self.reactor.callLater(0, self.deferred.callback, self.instance)
        return self.instance

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        """Fail the Deferred."""
        self.reactor.callLater(0, self.deferred.errback, reason)


@implementer(ITransport)
class FileWrapper:
    """A transport writing to a file-like object: a protocol's output, for debugging it.

    Nothing is read from the file. As Twisted's, an error writing or closing is swallowed
    (``handleException``, a hook, does nothing)."""

    closed = 0
    disconnecting = 0
    producer: Any = None
    streamingProducer = 0

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, data: bytes) -> None:
        """Write ``data`` to the file."""
        try:
            self.file.write(data)
        except Exception:
            self.handleException()

    def writeSequence(self, iovec: list[bytes]) -> None:
        """Write the pieces of ``iovec``, joined."""
        self.write(b"".join(iovec))

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Remember ``producer``; a pull producer is asked for its first data at once."""
        self.producer = producer
        self.streamingProducer = streaming
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        """Forget the producer."""
        self.producer = None

    def stopConsuming(self) -> None:
        """Forget the producer and close."""
        self.unregisterProducer()
        self.loseConnection()

    def loseConnection(self) -> None:
        """Close the file."""
        self.closed = 1
        try:
            self.file.close()
        except OSError:
            self.handleException()

    def getPeer(self) -> tuple[str, str]:
        """``("file", "file")``, as Twisted's (not an IAddress)."""
        return ("file", "file")

    def getHost(self) -> str:
        """``"file"``, as Twisted's (not an IAddress)."""
        return "file"

    def handleException(self) -> None:
        """Called when writing or closing fails (override); does nothing."""

    def resumeProducing(self) -> None:
        """Nothing to produce."""

    def pauseProducing(self) -> None:
        """Nothing to produce."""

    def stopProducing(self) -> None:
        """Close."""
        self.loseConnection()
