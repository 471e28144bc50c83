"""Stream sockets: connections, listening ports and connectors (TCP here; UNIX reuses them)."""

import errno
import os
import socket
from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet.abstract import CONNECTION_DONE, CONNECTION_LOST, FileDescriptor
from refreactor.internet.address import IPv4Address, IPv6Address, fromSockaddr
from refreactor.internet.interfaces import (
    IConnector,
    IHalfCloseableProtocol,
    IListeningPort,
    ITCPTransport,
    ITLSTransport,
)
from refreactor.internet.protocol import Protocol
from refreactor.python import log
from refreactor.python.failure import Failure

_CONNECTING = (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, errno.EINTR)
_ACCEPT_OVERLOAD = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM, errno.ECONNABORTED)


def isIPv6Address(host: str) -> bool:
    """True when ``host`` is an IPv6 literal."""
    try:
        socket.inet_pton(socket.AF_INET6, host.split("%")[0])
    except (OSError, ValueError):
        return False
    return True


def isIPAddress(host: str) -> bool:
    """True when ``host`` is a dotted-quad IPv4 literal."""
    try:
        socket.inet_pton(socket.AF_INET, host)
    except (OSError, ValueError):
        return False
    return True


class StreamConnection(FileDescriptor):
    """A connected stream socket driving ``protocol``."""

    readSize = 65536
    protocol: Any = None

    def __init__(self, skt: socket.socket, protocol: Any, reactor: Any) -> None:
        super().__init__(reactor)
        skt.setblocking(False)
        self.socket = skt
        self._fd = skt.fileno()
        self._recv = skt.recv
        self._send = skt.send
        self.protocol = protocol

    def fileno(self) -> int:
        """The socket's descriptor, -1 once closed."""
        return self._fd

    def doRead(self) -> Any:
        """Read what arrived and hand it to the protocol; empty read means the peer closed."""
        try:
            data = self._recv(self.readSize)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return CONNECTION_LOST
        if data:
            self.protocol.dataReceived(data)
            return None
        return CONNECTION_DONE

    def writeSomeData(self, data: Any) -> Any:
        """Send what the kernel takes now; the count sent, or an exception on failure."""
        try:
            return self._send(data)
        except (BlockingIOError, InterruptedError):
            return 0
        except OSError:
            return CONNECTION_LOST

    def _closeWriteConnection(self) -> Any:
        try:
            self.socket.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        halfCloseable = IHalfCloseableProtocol(self.protocol, None)
        if halfCloseable is not None:
            try:
                halfCloseable.writeConnectionLost()
            except BaseException:
                failure = Failure()
                log.err(failure)
                self.connectionLost(failure)
        return None

    def readConnectionLost(self, reason: Failure) -> None:
        """The peer half-closed: tell a half-closeable protocol, else close entirely."""
        halfCloseable = IHalfCloseableProtocol(self.protocol, None)
        if halfCloseable is None:
            self.connectionLost(reason)
            return
        try:
            halfCloseable.readConnectionLost()
        except BaseException:
            failure = Failure()
            log.err(failure)
            self.connectionLost(failure)

    def connectionLost(self, reason: Failure) -> None:
        """Close the socket and tell the protocol why (only the first time)."""
        if self.disconnected:
            return
        super().connectionLost(reason)
        self._closeSocket(orderly=not reason.check(error.ConnectionAborted))
        protocol, self.protocol = self.protocol, None
        if protocol is not None:
            protocol.connectionLost(reason)

    def _closeSocket(self, orderly: bool) -> None:
        if not orderly:
            try:  # An abort resets the connection rather than ending it gracefully.
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
            except OSError:
                pass
        self.socket.close()
        self._fd = -1

    def logPrefix(self) -> str:
        """Names the connection after its protocol."""
        return self._logPrefix

    _logPrefix = "-"


@implementer(ITCPTransport, ITLSTransport)
class Connection(StreamConnection):
    """A TCP connection."""

    def startTLS(self, contextFactory: Any, normal: bool = True) -> None:
        """Speak TLS from now on; what was written before goes out in clear first."""
        from refreactor.internet import _tls

        _tls.startTLS(self, contextFactory, normal)

    def getHost(self) -> IPv4Address | IPv6Address:
        """The local address."""
        return fromSockaddr("TCP", self.socket.family, self.socket.getsockname())

    def getPeer(self) -> IPv4Address | IPv6Address:
        """The remote address."""
        return fromSockaddr("TCP", self.socket.family, self._peer)

    def getTcpNoDelay(self) -> bool:
        """Whether Nagle's algorithm is off."""
        return bool(self.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    def setTcpNoDelay(self, enabled: bool) -> None:
        """Turn Nagle's algorithm off (true) or on."""
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(bool(enabled)))

    def getTcpKeepAlive(self) -> bool:
        """Whether keep-alive probes are on."""
        return bool(self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))

    def setTcpKeepAlive(self, enabled: bool) -> None:
        """Turn keep-alive probes on or off."""
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, int(bool(enabled)))


def startServerConnection(transport: StreamConnection, protocol: Any) -> None:
    """Connect ``protocol``; if ``connectionMade`` raises, log it and drop the connection."""
    transport.connected = 1
    transport.startReading()
    try:
        protocol.makeConnection(transport)
    except BaseException:
        log.err(system=transport.logPrefix())
        transport.abortConnection()


class Server(Connection):
    """A TCP connection accepted by a Port."""

    def __init__(self, skt: socket.socket, protocol: Any, peer: Any, port: "Port",
                 sessionno: int, reactor: Any) -> None:
        super().__init__(skt, protocol, reactor)
        self._peer = peer
        self.server = port
        self.sessionno = sessionno
        self._logPrefix = f"{type(protocol).__name__},{sessionno},{peer[0]}"


@implementer(IListeningPort)
class StreamPort:
    """A listening stream socket that builds a protocol per accepted connection."""

    addressFamily = socket.AF_INET
    numberAccepts = 100
    connected = False
    disconnecting = False
    _fd = -1

    def __init__(self, factory: Any, backlog: int, reactor: Any) -> None:
        self.factory = factory
        self.backlog = backlog
        self.reactor = reactor
        self.sessionno = 0
        self.deferred: Any = None

    def fileno(self) -> int:
        """The listening socket's descriptor, -1 when not listening."""
        return self._fd

    def _bindSocket(self) -> socket.socket:
        raise NotImplementedError

    def startListening(self) -> None:
        """Bind, listen, start the factory and accept connections."""
        self.socket = self._bindSocket()
        self.socket.setblocking(False)
        self._fd = self.socket.fileno()
        log.msg(f"{self.logPrefix()} starting on {self._logName()}")
        self.factory.doStart()
        self.connected = True
        self.reactor.addReader(self)

    def doRead(self) -> None:
        """Accept waiting connections (a bounded batch, to stay fair to others)."""
        for _ in range(self.numberAccepts):
            try:
                skt, peer = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                if e.errno in _ACCEPT_OVERLOAD:
                    log.msg(f"Could not accept new connection ({errno.errorcode[e.errno]})")
                    return
                raise
            self._accepted(skt, peer)

    def _accepted(self, skt: socket.socket, peer: Any) -> None:
        sessionno = self.sessionno
        self.sessionno += 1
        protocol = self.factory.buildProtocol(self._peerAddress(peer))
        if protocol is None:
            skt.close()
            return
        transport = self.transportClass(skt, protocol, peer, self, sessionno, self.reactor)
        startServerConnection(transport, protocol)

    def loseConnection(self, connDone: Failure | None = None) -> Any:
        """Stop accepting; the returned Deferred fires once the socket is closed."""
        from refreactor.internet.defer import Deferred

        self.disconnecting = True
        self.reactor.removeReader(self)
        if not self.connected:
            return None
        self.deferred = Deferred()
        self.reactor.callLater(0, self._finishStop, self.deferred)
        return self.deferred

    stopListening = loseConnection

    def _finishStop(self, deferred: Any) -> None:
        if self.connected:
            self.connectionLost(Failure(CONNECTION_DONE))
        deferred.callback(None)

    def connectionLost(self, reason: Failure) -> None:
        """Close the socket and stop the factory."""
        if not self.connected:
            return
        self.reactor.removeReader(self)
        self.connected = False
        self._cleanupSocket()
        self.socket.close()
        self._fd = -1
        factoryClass = type(self.factory)
        log.msg(f"({self._logKind} Port {self._logName(closing=True)} Closed)",
                system=f"{factoryClass.__module__}.{factoryClass.__qualname__}")
        try:
            self.factory.doStop()
        finally:
            self.disconnecting = False

    def _cleanupSocket(self) -> None:
        """Hook for ports that own more than the socket (UNIX paths, lock files)."""

    _logKind = "TCP"

    def _logName(self, closing: bool = False) -> str:
        """How log messages name the port: its number (TCP) or path (UNIX)."""
        raise NotImplementedError

    def logPrefix(self) -> str:
        """Names the port after its factory."""
        return type(self.factory).__name__


class Port(StreamPort):
    """A listening TCP port."""

    transportClass = Server

    def __init__(self, port: int, factory: Any, backlog: int = 50, interface: str = "",
                 reactor: Any = None) -> None:
        super().__init__(factory, backlog, reactor)
        self.port = port
        self.interface = interface
        if isIPv6Address(interface):
            self.addressFamily = socket.AF_INET6

    def _bindSocket(self) -> socket.socket:
        skt = socket.socket(self.addressFamily, socket.SOCK_STREAM)
        try:
            skt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if self.addressFamily == socket.AF_INET6:
                address = socket.getaddrinfo(self.interface, self.port, socket.AF_INET6)[0][4]
            else:
                address = (self.interface, self.port)
            skt.bind(address)
            skt.listen(self.backlog)
        except OSError as e:
            skt.close()
            raise error.CannotListenError(self.interface, self.port, e) from None
        self._boundAddress = skt.getsockname()
        return skt

    def _peerAddress(self, peer: Any) -> IPv4Address | IPv6Address:
        return fromSockaddr("TCP", self.addressFamily, peer)

    def _logName(self, closing: bool = False) -> str:
        return str(self._boundAddress[1])

    def getHost(self) -> IPv4Address | IPv6Address:
        """The bound address (with the real port number when 0 was asked for)."""
        return fromSockaddr("TCP", self.addressFamily, self._boundAddress)

    def __repr__(self) -> str:
        state = self.getHost().port if self.connected else "not listening"
        return f"<{type(self.factory).__name__} on {state}>"


class BaseClient(StreamConnection):
    """The client side of a stream connection, from connecting to connected."""

    _connecting = True

    def _startConnecting(self, address: Any, connector: Any) -> None:
        self.connector = connector
        self.realAddress = address
        self.doRead = self.doWrite = self._doConnect  # type: ignore[method-assign]
        self._doConnect()

    def _doConnect(self) -> None:
        if not self._connecting:
            return
        code = self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if not code:
            code = self.socket.connect_ex(self.realAddress)
        if code in _CONNECTING:
            self.startReading()
            self.startWriting()
            return
        if code and code != errno.EISCONN:
            self.failIfNotConnected(error.getConnectError(OSError(code, os.strerror(code))))
            return
        del self.doRead, self.doWrite
        self.stopReading()
        self.stopWriting()
        self._connectDone()

    def _connectDone(self) -> None:
        self._connecting = False
        self._peer = self.socket.getpeername()
        protocol = self.connector.buildProtocol(self.getPeer())
        self.connected = 1
        if protocol is None:
            self.protocol = Protocol()
            self.loseConnection()
            return
        self.protocol = protocol
        self._logPrefix = f"{type(protocol).__name__},client"
        self.startReading()
        try:
            protocol.makeConnection(self)
        except BaseException:
            log.err(system=self.logPrefix())
            self.abortConnection()

    def failIfNotConnected(self, err: BaseException) -> None:
        """Abandon a connection attempt still in progress, reporting ``err``."""
        if not self._connecting or self.disconnected:
            return
        self._connecting = False
        self.stopReading()
        self.stopWriting()
        self.socket.close()
        self._fd = -1
        self.disconnected = 1
        connector, self.connector = self.connector, None
        connector.connectionFailed(Failure(err))

    def connectionLost(self, reason: Failure) -> None:
        """Tell the protocol, then the connector (and so the factory)."""
        if self._connecting:
            # A hang-up while connecting: the socket's pending error says why.
            self._doConnect()
            self.failIfNotConnected(error.ConnectError(string=reason.getErrorMessage()))
            return
        if self.disconnected:
            return
        super().connectionLost(reason)
        self.connector.connectionLost(reason)


class Client(BaseClient, Connection):
    """A TCP client connection."""

    def __init__(self, host: str, port: int, bindAddress: Any, connector: Any,
                 reactor: Any) -> None:
        family = socket.AF_INET6 if isIPv6Address(host) else socket.AF_INET
        skt = socket.socket(family, socket.SOCK_STREAM)
        super().__init__(skt, None, reactor)
        self.connector = connector
        self.addr = (host, port)
        err: BaseException | None = None
        if bindAddress is not None:
            try:
                skt.bind(bindAddress)
            except OSError as e:
                err = error.ConnectBindError(e.args[0], e.args[1])
        if err is not None:
            reactor.callLater(0, self.failIfNotConnected, err)
        else:
            reactor.callLater(0, self._resolveAddress)

    def _resolveAddress(self) -> None:
        if not self._connecting:
            return
        host, port = self.addr
        if self.socket.family == socket.AF_INET6:
            self._startConnecting(socket.getaddrinfo(host, port, socket.AF_INET6)[0][4],
                                  self.connector)
        elif isIPAddress(host):
            self._startConnecting(self.addr, self.connector)
        else:
            d = self.reactor.resolve(host)
            d.addCallbacks(lambda ip: self._startConnecting((ip, port), self.connector),
                           self.failIfNotConnected)


@implementer(IConnector)
class BaseConnector:
    """Drives one client factory's connection attempts; ``connect`` may be called again."""

    timeoutID: Any = None
    factoryStarted = False
    transport: Any = None

    def __init__(self, factory: Any, timeout: float | None, reactor: Any) -> None:
        self.state = "disconnected"
        self.reactor = reactor
        self.factory = factory
        self.timeout = timeout

    def _makeTransport(self) -> Any:
        raise NotImplementedError

    def disconnect(self) -> None:
        """Stop connecting, or drop the connection."""
        if self.state == "connecting":
            self.stopConnecting()
        elif self.state == "connected":
            self.transport.loseConnection()

    def connect(self) -> None:
        """Start a connection attempt."""
        if self.state != "disconnected":
            raise RuntimeError("can't connect in this state")
        self.state = "connecting"
        if not self.factoryStarted:
            self.factory.doStart()
            self.factoryStarted = True
        self.transport = transport = self._makeTransport()
        if self.timeout is not None:
            self.timeoutID = self.reactor.callLater(
                self.timeout, transport.failIfNotConnected, error.TimeoutError())
        self.factory.startedConnecting(self)

    def stopConnecting(self) -> None:
        """Abandon the attempt in progress (the factory sees a UserError)."""
        if self.state != "connecting":
            raise error.NotConnectingError("we're not trying to connect")
        self.state = "disconnected"
        transport, self.transport = self.transport, None
        transport.failIfNotConnected(error.UserError())

    def cancelTimeout(self) -> None:
        """Forget the connection timeout."""
        if self.timeoutID is not None:
            if self.timeoutID.active():
                self.timeoutID.cancel()
            self.timeoutID = None

    def buildProtocol(self, addr: Any) -> Any:
        """The attempt succeeded: ask the factory for the protocol."""
        self.state = "connected"
        self.cancelTimeout()
        return self.factory.buildProtocol(addr)

    def connectionFailed(self, reason: Failure) -> None:
        """Report a failed attempt; stop the factory unless it reconnected."""
        self.cancelTimeout()
        self.transport = None
        self.state = "disconnected"
        self.factory.clientConnectionFailed(self, reason)
        if self.state == "disconnected":
            self.factory.doStop()
            self.factoryStarted = False

    def connectionLost(self, reason: Failure) -> None:
        """Report a lost connection; stop the factory unless it reconnected."""
        self.state = "disconnected"
        self.factory.clientConnectionLost(self, reason)
        if self.state == "disconnected":
            self.factory.doStop()
            self.factoryStarted = False


class Connector(BaseConnector):
    """A TCP connector."""

    def __init__(self, host: str, port: int, factory: Any, timeout: float | None,
                 bindAddress: Any, reactor: Any) -> None:
        if isinstance(port, str):
            try:
                port = socket.getservbyname(port, "tcp")
            except OSError as e:
                raise error.ServiceNameUnknownError(string=f"{e} ({port!r})") from None
        self.host = host
        self.port = port
        self.bindAddress = bindAddress
        super().__init__(factory, timeout, reactor)

    def _makeTransport(self) -> Client:
        return Client(self.host, self.port, self.bindAddress, self, self.reactor)

    def getDestination(self) -> IPv4Address | IPv6Address:
        """The address being connected to."""
        if isIPv6Address(self.host):
            return IPv6Address("TCP", self.host, self.port)
        return IPv4Address("TCP", self.host, self.port)
