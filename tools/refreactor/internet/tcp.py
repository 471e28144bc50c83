"""Stream sockets: connections, listening ports and connectors (TCP here; UNIX reuses them)."""

import errno
import os
import socket
from typing import Any

from zope.interface import implementer

from refreactor.internet import defer, error, threads
from refreactor.internet.abstract import (
    CONNECTION_DONE,
    CONNECTION_LOST,
    FileDescriptor,
    applicationLogPrefix,
    tellHalfClosed,
)
from refreactor.internet.address import IPv4Address, IPv6Address, fromSockaddr
from refreactor.internet.interfaces import (
    IConnector,
    IListeningPort,
    ITCPTransport,
    ITLSTransport,
    _Binding,
)
from refreactor.internet.protocol import Protocol
from refreactor.python import log
from refreactor.python.failure import Failure

_CONNECTING = (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, errno.EINTR)
_ACCEPT_OVERLOAD = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM, errno.ECONNABORTED)
_OUT_OF_DESCRIPTORS = (errno.EMFILE, errno.ENFILE)


class _ReservedDescriptor:
    """One descriptor held back so that a port out of descriptors can still turn peers away.

    Without it, a peer waiting in the backlog keeps the port readable while ``accept`` fails
    with EMFILE: the loop would spin. Giving the reserve up for a moment lets the port accept
    the peer and close it at once, as Twisted does. It is held while any port listens.
    """

    _fd = -1
    _users = 0

    def acquire(self) -> None:
        """A port starts listening: hold the reserve."""
        self._users += 1
        self.reserve()

    def release(self) -> None:
        """A port stopped listening: once none listens, give the descriptor back."""
        self._users -= 1
        if self._users == 0 and self._fd != -1:
            os.close(self._fd)
            self._fd = -1

    def reserve(self) -> None:
        """Hold a descriptor (on /dev/null) unless one is held already."""
        if self._fd == -1:
            try:
                self._fd = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                pass  # Out of descriptors already: the next reserve may succeed.

    def turnAway(self, skt: socket.socket) -> Any:
        """Use the reserve to accept one waiting peer and close it; its address, or None."""
        if self._fd == -1:
            return None
        os.close(self._fd)
        self._fd = -1
        try:
            peerSocket, peer = skt.accept()
        except OSError:
            return None
        else:
            peerSocket.close()
            return peer
        finally:
            self.reserve()


_reservedDescriptor = _ReservedDescriptor()


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


def resolveIPv6(host: str, port: int) -> tuple:
    """The socket address of an IPv6 literal, with the scope of a link-local one ("%eth0").

    The port is kept as given, even out of range, so that connecting reports it.
    """
    sockaddr = socket.getaddrinfo(host, 1, 0, 0, 0, socket.AI_NUMERICHOST | socket.AI_NUMERICSERV)
    return (sockaddr[0][4][0], port) + sockaddr[0][4][2:]


def makeBinding(interface: str = "", port: int = 0, reuseAddress: bool = False,
                reusePort: bool = False) -> _Binding:
    """How to bind locally: the address, the port, SO_REUSEADDR and SO_REUSEPORT."""
    return _Binding(interface, port, reuseAddress, reusePort)


def asBinding(bindAddress: Any) -> _Binding:
    """A Binding from a ``makeBinding`` result or a legacy ``(host, port)`` tuple."""
    if isinstance(bindAddress, _Binding):
        return bindAddress
    return makeBinding(*bindAddress)


def bindLocally(skt: socket.socket, binding: _Binding) -> None:
    """Set the binding's options on ``skt`` and bind it; OSError on failure."""
    if binding._reuseAddress:
        skt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if binding._reusePort:
        skt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    host = binding._address or ""
    if isIPv6Address(host):
        skt.bind(resolveIPv6(host, binding._port))
    else:
        skt.bind((host, binding._port))


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

    def _readSocket(self) -> Any:
        """What arrived: bytes (empty once the peer closed), None if nothing yet, or why the
        connection was lost."""
        try:
            return self._recv(self.readSize)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return CONNECTION_LOST

    def doRead(self) -> Any:
        """Read what arrived and hand it to the protocol; empty read means the peer closed."""
        data = self._readSocket()
        if data.__class__ is not bytes:
            return data
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
        tellHalfClosed(self, "writeConnectionLost")
        return None

    def readConnectionLost(self, reason: Failure) -> None:
        """The peer half-closed: tell a half-closeable protocol, else close entirely."""
        if not tellHalfClosed(self, "readConnectionLost"):
            self.connectionLost(reason)

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
        return self.logstr

    logstr = "-"  # Twisted's name for the text logPrefix gives


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
    """Connect ``protocol``; if ``connectionMade`` raises, log it and keep the connection.

    Twisted does the same: the error is the protocol's, the connection stays up.
    """
    transport.connected = 1
    transport.startReading()
    try:
        protocol.makeConnection(transport)
    except Exception:
        log.err(system=transport.logPrefix())


class Server(Connection):
    """A TCP connection accepted by a Port."""

    def __init__(self, skt: socket.socket, protocol: Any, peer: Any, port: "Port",
                 sessionno: int, reactor: Any) -> None:
        super().__init__(skt, protocol, reactor)
        self._peer = peer
        self.server = port
        self.sessionno = sessionno
        self.logstr = f"{applicationLogPrefix(protocol)},{sessionno},{self.getPeer().host}"

    def __repr__(self) -> str:
        return f"<{type(self.protocol).__name__} #{self.sessionno} on {self.getHost().port}>"


def adoptConnection(skt: socket.socket, factory: Any, reactor: Any) -> Server | None:
    """Run a protocol from ``factory`` on ``skt``, a TCP connection made elsewhere.

    As for an adopted connection in Twisted, its session number is the peer's port.
    """
    peer = skt.getpeername()
    protocol = factory.buildProtocol(fromSockaddr("TCP", skt.family, peer))
    if protocol is None:
        skt.close()
        return None
    transport = Server(skt, protocol, peer, None, peer[1], reactor)
    startServerConnection(transport, protocol)
    return transport


@implementer(IListeningPort)
class StreamPort:
    """A listening stream socket that builds a protocol per accepted connection."""

    addressFamily = socket.AF_INET
    numberAccepts = 100
    connected = False
    disconnecting = False
    _fd = -1
    # A listening socket made elsewhere (IReactorSocket.adoptStreamPort) to use, not bind.
    _adoptedSocket: socket.socket | None = None

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
        if self._adoptedSocket is not None:
            self.socket, self._adoptedSocket = self._adoptedSocket, None
        else:
            self.socket = self._bindSocket()
        self.socket.setblocking(False)
        self._fd = self.socket.fileno()
        log.msg(f"{self._factoryLogPrefix()} starting on {self._logName()}")
        self.factory.doStart()
        self.connected = True
        _reservedDescriptor.acquire()
        self.reactor.addReader(self)

    def doRead(self) -> None:
        """Accept waiting connections (a bounded batch, to stay fair to others)."""
        for _ in range(self.numberAccepts):
            try:
                skt, peer = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                if e.errno in _OUT_OF_DESCRIPTORS:
                    peer = _reservedDescriptor.turnAway(self.socket)
                    if peer is not None:
                        log.msg(f"EMFILE recovery: Closed socket from {peer}")
                        return
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
        _reservedDescriptor.release()
        self._cleanupSocket()
        self.socket.close()
        self._fd = -1
        log.msg(f"({self._logKind} Port {self._logName(closing=True)} Closed)")
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

    def _factoryLogPrefix(self) -> str:
        """How the start message names the factory (a TLS port adds " (TLS)")."""
        return applicationLogPrefix(self.factory)

    def logPrefix(self) -> str:
        """Names the port after its factory's class."""
        factoryClass = type(self.factory)
        return f"{factoryClass.__module__}.{factoryClass.__qualname__}"


class Port(StreamPort):
    """A listening TCP port."""

    transportClass = Server

    def __init__(self, port: int | _Binding, factory: Any, backlog: int = 50,
                 interface: str = "", reactor: Any = None) -> None:
        super().__init__(factory, backlog, reactor)
        if isinstance(port, _Binding):
            if interface and port._address != interface:
                raise ValueError("Inconsistent interface vs Binding specifiers")
            self._binding = port
        else:  # Listening ports have always set SO_REUSEADDR.
            self._binding = makeBinding(interface, port, reuseAddress=True)
        self.port = self._binding._port
        self.interface = self._binding._address or ""
        if isIPv6Address(self.interface):
            self.addressFamily = socket.AF_INET6

    @classmethod
    def _fromListeningSocket(cls, skt: socket.socket, factory: Any, reactor: Any) -> "Port":
        """A port accepting on ``skt``, a socket already bound and listening."""
        address = skt.getsockname()
        port = cls(address[1], factory, interface=address[0], reactor=reactor)
        port.addressFamily = skt.family
        port._adoptedSocket = skt
        port._boundAddress = address
        return port

    def _bindSocket(self) -> socket.socket:
        skt = socket.socket(self.addressFamily, socket.SOCK_STREAM)
        try:
            bindLocally(skt, self._binding)
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
            try:
                code = self.socket.connect_ex(self.realAddress)
            except OSError as e:
                code = e.errno
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
        self.logstr = f"{applicationLogPrefix(protocol)},client"
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
        binding = None if bindAddress is None else asBinding(bindAddress)
        # A host name is looked up in the family of the local address asked for, if any.
        wantsIPv6 = isIPv6Address(host) or (
            not isIPAddress(host) and binding is not None and isIPv6Address(binding._address))
        skt = socket.socket(socket.AF_INET6 if wantsIPv6 else socket.AF_INET, socket.SOCK_STREAM)
        super().__init__(skt, None, reactor)
        self.connector = connector
        self.addr = (host, port)
        try:
            if binding is not None:
                bindLocally(skt, binding)
        except OSError as e:
            reactor.callLater(0, self.failIfNotConnected, error.ConnectBindError(*e.args[:2]))
        else:
            reactor.callLater(0, self._resolveAddress)

    def __repr__(self) -> str:
        return f"<{type(self)} to {self.addr} at {id(self):x}>"

    def _resolveAddress(self) -> None:
        if not self._connecting:
            return
        host, port = self.addr
        if isIPv6Address(host):
            d = defer.maybeDeferred(resolveIPv6, host, port)
        elif isIPAddress(host):
            d = defer.succeed(self.addr)
        elif self.socket.family == socket.AF_INET6:
            d = threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(),
                                          _lookUpIPv6, host, port)
        else:
            d = self.reactor.resolve(host).addCallback(lambda ip: (ip, port))
        # Whatever goes wrong from here on (a port out of range, a failed lookup) fails the
        # attempt, as Twisted's resolution Deferred does.
        d.addCallback(self._startConnecting, self.connector)
        d.addErrback(lambda failure: self.failIfNotConnected(failure.value))


def _lookUpIPv6(host: str, port: int) -> tuple:
    """The first IPv6 address ``host`` has (blocking: run in a thread)."""
    try:
        return socket.getaddrinfo(host, port, socket.AF_INET6, socket.SOCK_STREAM)[0][4]
    except socket.gaierror as e:
        raise error.DNSLookupError(f"address {host!r} not found: {e}") from None


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
