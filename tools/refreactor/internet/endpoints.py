"""Endpoints, mirroring ``twisted.internet.endpoints``: where to listen or connect, as objects.

A server endpoint's ``listen(factory)`` and a client endpoint's ``connect(factory)`` return
Deferreds (of the listening port, of the connected protocol). ``serverFromString`` and
``clientFromString`` build endpoints from descriptions such as ``"tcp:8080"`` or
``"unix:path=/tmp/sock"``.
"""

import re
import socket
from collections.abc import Callable
from typing import Any

from zope.interface import directlyProvides, implementer

from refreactor.internet import defer, error, threads
from refreactor.internet._descriptions import parseDescription, quoteStringArgument
from refreactor.internet.address import HostnameAddress, IPv4Address, IPv6Address
from refreactor.internet.interfaces import (
    IFileDescriptorReceiver,
    IHalfCloseableProtocol,
    IHandshakeListener,
    ILoggingContext,
    IStreamClientEndpoint,
    IStreamServerEndpoint,
)
from refreactor.internet.protocol import ClientFactory, Factory, Protocol
from refreactor.internet.tcp import isIPAddress, isIPv6Address
from refreactor.python.failure import Failure
from refreactor.python.filepath import FilePath

__all__ = [
    "TCP4ServerEndpoint", "TCP6ServerEndpoint", "TCP4ClientEndpoint", "TCP6ClientEndpoint",
    "UNIXServerEndpoint", "UNIXClientEndpoint", "SSL4ServerEndpoint", "SSL4ClientEndpoint",
    "HostnameEndpoint", "StandardIOEndpoint", "serverFromString", "clientFromString",
    "connectProtocol", "wrapClientTLS", "quoteStringArgument",
]


# -- the connection a client endpoint makes -------------------------------------------------


class _WrappingProtocol(Protocol):
    """Stands in for the user's protocol on the transport, to learn when it is connected."""

    def __init__(self, connected: defer.Deferred, wrappedProtocol: Any) -> None:
        self._connectedDeferred = connected
        self._wrappedProtocol = wrappedProtocol
        passedOn = [iface for iface in (IHalfCloseableProtocol, IFileDescriptorReceiver,
                                        IHandshakeListener) if iface.providedBy(wrappedProtocol)]
        if passedOn:
            directlyProvides(self, *passedOn)

    def logPrefix(self) -> str:
        """The wrapped protocol's log prefix."""
        if ILoggingContext.providedBy(self._wrappedProtocol):
            return self._wrappedProtocol.logPrefix()
        return type(self._wrappedProtocol).__name__

    def connectionMade(self) -> None:
        """Connect the wrapped protocol to our transport, then fire the Deferred with it."""
        self._wrappedProtocol.makeConnection(self.transport)
        self._connectedDeferred.callback(self._wrappedProtocol)

    def dataReceived(self, data: bytes) -> Any:
        """Pass the bytes on."""
        return self._wrappedProtocol.dataReceived(data)

    def connectionLost(self, reason: Failure) -> Any:
        """Pass the loss on."""
        return self._wrappedProtocol.connectionLost(reason)

    def readConnectionLost(self) -> None:
        """Pass the half-close on."""
        self._wrappedProtocol.readConnectionLost()

    def writeConnectionLost(self) -> None:
        """Pass the half-close on."""
        self._wrappedProtocol.writeConnectionLost()

    def fileDescriptorReceived(self, descriptor: int) -> None:
        """Pass the received descriptor on."""
        self._wrappedProtocol.fileDescriptorReceived(descriptor)

    def handshakeCompleted(self) -> None:
        """Pass the end of the TLS handshake on."""
        self._wrappedProtocol.handshakeCompleted()


class _WrappingFactory(ClientFactory):
    """The client factory behind ``connect``: its ``_onConnection`` fires with the protocol."""

    protocol = _WrappingProtocol
    _connector: Any = None

    def __init__(self, wrappedFactory: Any) -> None:
        self._wrappedFactory = wrappedFactory
        self._onConnection = defer.Deferred(canceller=self._canceller)

    def startedConnecting(self, connector: Any) -> None:
        """Remember the connector, to stop it on cancellation."""
        self._connector = connector

    def _canceller(self, deferred: defer.Deferred) -> None:
        deferred.errback(error.ConnectingCancelledError(self._connector.getDestination()))
        self._connector.stopConnecting()

    def doStart(self) -> None:
        """Start the wrapped factory."""
        self._wrappedFactory.doStart()

    def doStop(self) -> None:
        """Stop the wrapped factory."""
        self._wrappedFactory.doStop()

    def buildProtocol(self, addr: Any) -> Any:
        """The wrapped factory's protocol, wrapped; none (and a failed Deferred) if it fails."""
        try:
            proto = self._wrappedFactory.buildProtocol(addr)
            if proto is None:
                raise error.NoProtocol()
        except BaseException:
            self._onConnection.errback()
            return None
        return self.protocol(self._onConnection, proto)

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        """Fail the Deferred with the reason."""
        if not self._onConnection.called:
            self._onConnection.errback(reason)


def _connectWith(connect: Callable[..., Any], protocolFactory: Any, *args: Any,
                 **kwargs: Any) -> defer.Deferred:
    """Call ``connect(*args, factory, **kwargs)``; the Deferred of the connected protocol."""
    try:
        wrapping = _WrappingFactory(protocolFactory)
        connect(*args, wrapping, **kwargs)
    except BaseException:
        return defer.fail()
    return wrapping._onConnection


# -- TCP -------------------------------------------------------------------------------------


@implementer(IStreamServerEndpoint)
class TCP4ServerEndpoint:
    """Listens on a TCP port of an IPv4 ``interface`` (all of them by default)."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50, interface: str = "") -> None:
        self._reactor = reactor
        self._port = port
        self._backlog = backlog
        self._interface = interface

    def listen(self, protocolFactory: Any) -> defer.Deferred:
        """Listen with ``protocolFactory``; fires with the IListeningPort."""
        return defer.execute(self._reactor.listenTCP, self._port, protocolFactory,
                             backlog=self._backlog, interface=self._interface)


class TCP6ServerEndpoint(TCP4ServerEndpoint):
    """Listens on a TCP port of an IPv6 ``interface`` (all of them by default)."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50,
                 interface: str = "::") -> None:
        super().__init__(reactor, port, backlog, interface)


@implementer(IStreamClientEndpoint)
class TCP4ClientEndpoint:
    """Connects over TCP to ``host`` (a name or an IPv4 address) and ``port``."""

    def __init__(self, reactor: Any, host: str, port: int, timeout: float = 30,
                 bindAddress: Any = None) -> None:
        self._reactor = reactor
        self._host = host
        self._port = port
        self._timeout = timeout
        self._bindAddress = bindAddress

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Connect; fires with the protocol ``protocolFactory`` built."""
        return _connectWith(self._reactor.connectTCP, protocolFactory, self._host, self._port,
                            timeout=self._timeout, bindAddress=self._bindAddress)


def _resolveInThread(reactor: Any, host: str, port: int, family: int) -> defer.Deferred:
    """``getaddrinfo`` for a stream socket, in the reactor's thread pool."""
    return threads.deferToThreadPool(reactor, reactor.getThreadPool(), socket.getaddrinfo,
                                     host, port, family, socket.SOCK_STREAM)


@implementer(IStreamClientEndpoint)
class TCP6ClientEndpoint(TCP4ClientEndpoint):
    """Connects over TCP to ``host`` (an IPv6 address, or a name resolved to one)."""

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Resolve the host if need be, connect; fires with the connected protocol."""
        if isIPv6Address(self._host):
            return super().connect(protocolFactory)
        resolving = defer.maybeDeferred(_resolveInThread, self._reactor, self._host, 0,
                                        socket.AF_INET6)

        def connectTo(results: list) -> defer.Deferred:
            host = results[0][4][0]
            return _connectWith(self._reactor.connectTCP, protocolFactory, host, self._port,
                                timeout=self._timeout, bindAddress=self._bindAddress)

        return resolving.addCallback(connectTo)


# -- connecting to a host name: every address it has, the fastest wins ------------------------


@implementer(IStreamClientEndpoint)
class HostnameEndpoint:
    """Connects to a host by name: resolves it, then tries each of its IPv4 and IPv6
    addresses, a new attempt every ``attemptDelay`` seconds until one succeeds."""

    _DEFAULT_ATTEMPT_DELAY = 0.3

    def __init__(self, reactor: Any, host: str | bytes, port: int, timeout: float = 30,
                 bindAddress: Any = None, attemptDelay: float | None = None) -> None:
        self._reactor = reactor
        self._hostText, self._badHostname = _hostText(host)
        self._port = port
        self._timeout = timeout
        self._bindAddress = bindAddress
        self._attemptDelay = (self._DEFAULT_ATTEMPT_DELAY if attemptDelay is None
                              else attemptDelay)

    def __repr__(self) -> str:
        host = f"[{self._hostText}]" if isIPv6Address(self._hostText) else self._hostText
        return f"<HostnameEndpoint {host}:{self._port}>"

    def _resolve(self) -> defer.Deferred:
        """The Deferred list of addresses (IPv4Address, IPv6Address) of the host."""
        if isIPAddress(self._hostText) or isIPv6Address(self._hostText):
            return defer.succeed([_tcpAddress(self._hostText, self._port)])
        resolving = _resolveInThread(self._reactor, self._hostText, self._port, 0)

        def addresses(results: list) -> list:
            return [_tcpAddress(sockaddr[0], sockaddr[1]) for family, _, _, _, sockaddr
                    in results if family in (socket.AF_INET, socket.AF_INET6)]

        def lookupFailed(_: Failure) -> Failure:
            return Failure(error.DNSLookupError(f"Couldn't find the hostname '{self._hostText}'"))

        return resolving.addCallbacks(addresses, lookupFailed)

    def _endpointFor(self, address: Any) -> TCP4ClientEndpoint:
        kind = TCP6ClientEndpoint if isinstance(address, IPv6Address) else TCP4ClientEndpoint
        return kind(self._reactor, address.host, address.port, self._timeout, self._bindAddress)

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Connect to the first address that answers; fires with the connected protocol, or
        fails with the last attempt's reason (DNSLookupError if the name has no address)."""
        if self._badHostname:
            return defer.fail(ValueError(f"invalid hostname: {self._hostText}"))

        def attempt(addresses: list) -> defer.Deferred:
            if not addresses:
                raise error.DNSLookupError(f"no results for hostname lookup: {self._hostText}")
            race = _ConnectionRace(self._reactor, [self._endpointFor(a) for a in addresses],
                                   protocolFactory, self._attemptDelay,
                                   HostnameAddress(self._hostText.encode("idna"), self._port))
            return race.start()

        return defer.maybeDeferred(self._resolve).addCallback(attempt)


def _hostText(host: str | bytes) -> tuple[str, bool]:
    """The host as text, and whether it is unusable (bytes that are not ASCII)."""
    if isinstance(host, bytes):
        try:
            return host.decode("ascii"), False
        except UnicodeDecodeError:
            return host.decode("ascii", "backslashreplace"), True
    return host, False


def _tcpAddress(host: str, port: int) -> IPv4Address | IPv6Address:
    if isIPv6Address(host):
        return IPv6Address("TCP", host, port)
    return IPv4Address("TCP", host, port)


class _ConnectionRace:
    """Starts one connection attempt every ``delay`` seconds; the first to connect wins and the
    others are cancelled; if all fail, the winner Deferred fails with the last reason."""

    def __init__(self, reactor: Any, endpoints: list, protocolFactory: Any, delay: float,
                 address: HostnameAddress) -> None:
        self._reactor = reactor
        self._waiting = list(endpoints)
        self._factory = protocolFactory
        self._delay = delay
        self._pending: list[defer.Deferred] = []
        self._failures: list[Failure] = []
        self._nextAttempt: Any = None
        self._finished = False
        self.winner = defer.Deferred(
            lambda d: d.errback(error.ConnectingCancelledError(address)))
        self.winner.addBoth(self._stopTheRest)

    def start(self) -> defer.Deferred:
        """Make the first attempt now; the Deferred of the winning protocol."""
        self._attemptNext()
        return self.winner

    def _attemptNext(self) -> None:
        self._nextAttempt = None
        attempt = self._waiting.pop(0).connect(self._factory)
        self._pending.append(attempt)
        attempt.addBoth(self._noLongerPending, attempt)
        attempt.addCallbacks(self._won, self._failed)
        if not self._finished and self._waiting:
            self._nextAttempt = self._reactor.callLater(self._delay, self._attemptNext)

    def _noLongerPending(self, result: Any, attempt: defer.Deferred) -> Any:
        self._pending.remove(attempt)
        return result

    def _won(self, proto: Any) -> None:
        if not self._finished:
            self.winner.callback(proto)

    def _failed(self, reason: Failure) -> None:
        self._failures.append(reason)
        if not (self._finished or self._pending or self._waiting):
            self.winner.errback(self._failures[-1])

    def _stopTheRest(self, result: Any) -> Any:
        self._finished = True
        if self._nextAttempt is not None and self._nextAttempt.active():
            self._nextAttempt.cancel()
        for attempt in self._pending[:]:
            attempt.cancel()
        return result


# -- UNIX and TLS ------------------------------------------------------------------------------


@implementer(IStreamServerEndpoint)
class UNIXServerEndpoint:
    """Listens on a UNIX socket at path ``address``."""

    def __init__(self, reactor: Any, address: str, backlog: int = 50, mode: int = 0o666,
                 wantPID: int = 0) -> None:
        self._reactor = reactor
        self._address = address
        self._backlog = backlog
        self._mode = mode
        self._wantPID = wantPID

    def listen(self, protocolFactory: Any) -> defer.Deferred:
        """Listen with ``protocolFactory``; fires with the IListeningPort."""
        return defer.execute(self._reactor.listenUNIX, self._address, protocolFactory,
                             backlog=self._backlog, mode=self._mode, wantPID=self._wantPID)


@implementer(IStreamClientEndpoint)
class UNIXClientEndpoint:
    """Connects to the UNIX socket at ``path``."""

    def __init__(self, reactor: Any, path: str, timeout: float = 30, checkPID: int = 0) -> None:
        self._reactor = reactor
        self._path = path
        self._timeout = timeout
        self._checkPID = checkPID

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Connect; fires with the protocol ``protocolFactory`` built."""
        return _connectWith(self._reactor.connectUNIX, protocolFactory, self._path,
                            timeout=self._timeout, checkPID=self._checkPID)


@implementer(IStreamServerEndpoint)
class SSL4ServerEndpoint:
    """Listens for TLS connections on a TCP port of an IPv4 ``interface``."""

    def __init__(self, reactor: Any, port: int, sslContextFactory: Any, backlog: int = 50,
                 interface: str = "") -> None:
        self._reactor = reactor
        self._port = port
        self._sslContextFactory = sslContextFactory
        self._backlog = backlog
        self._interface = interface

    def listen(self, protocolFactory: Any) -> defer.Deferred:
        """Listen with ``protocolFactory``; fires with the IListeningPort."""
        return defer.execute(self._reactor.listenSSL, self._port, protocolFactory,
                             contextFactory=self._sslContextFactory, backlog=self._backlog,
                             interface=self._interface)


@implementer(IStreamClientEndpoint)
class SSL4ClientEndpoint:
    """Connects over TLS (set up by ``sslContextFactory``) to ``host`` and ``port``."""

    def __init__(self, reactor: Any, host: str, port: int, sslContextFactory: Any,
                 timeout: float = 30, bindAddress: Any = None) -> None:
        self._reactor = reactor
        self._host = host
        self._port = port
        self._sslContextFactory = sslContextFactory
        self._timeout = timeout
        self._bindAddress = bindAddress

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Connect; fires with the protocol ``protocolFactory`` built."""
        return _connectWith(self._reactor.connectSSL, protocolFactory, self._host, self._port,
                            contextFactory=self._sslContextFactory, timeout=self._timeout,
                            bindAddress=self._bindAddress)


@implementer(IStreamServerEndpoint)
class StandardIOEndpoint:
    """"Listens" on standard input and output: one connection, made at once."""

    def __init__(self, reactor: Any) -> None:
        self._reactor = reactor

    def listen(self, stdioProtocolFactory: Any) -> defer.Deferred:
        """Connect a protocol from the factory to stdin/stdout; fires with the transport."""
        from refreactor.internet import stdio

        return defer.execute(stdio.StandardIO,
                             stdioProtocolFactory.buildProtocol(stdio.PipeAddress()),
                             reactor=self._reactor)


class _TLSStartingProtocol(_WrappingProtocol):
    """Starts TLS on the new connection before the wrapped protocol sees it."""

    def __init__(self, connectionCreator: Any, wrappedProtocol: Any) -> None:
        super().__init__(defer.Deferred(), wrappedProtocol)
        self._connectionCreator = connectionCreator

    def connectionMade(self) -> None:
        """Start the TLS handshake, then connect the wrapped protocol (it may write at once:
        its bytes go out once the handshake is done)."""
        self.transport.startTLS(self._connectionCreator)
        self._wrappedProtocol.makeConnection(self.transport)


class _TLSStartingFactory(Factory):
    """Builds the wrapped factory's protocols, each behind a _TLSStartingProtocol."""

    noisy = False

    def __init__(self, connectionCreator: Any, wrappedFactory: Any) -> None:
        self._connectionCreator = connectionCreator
        self._wrappedFactory = wrappedFactory

    def doStart(self) -> None:
        """Start the wrapped factory."""
        self._wrappedFactory.doStart()

    def doStop(self) -> None:
        """Stop the wrapped factory."""
        self._wrappedFactory.doStop()

    def buildProtocol(self, addr: Any) -> Any:
        """The wrapped factory's protocol, behind TLS; None if it builds none."""
        proto = self._wrappedFactory.buildProtocol(addr)
        return None if proto is None else _TLSStartingProtocol(self._connectionCreator, proto)


@implementer(IStreamClientEndpoint)
class _TLSWrapperEndpoint:
    """A client endpoint whose connections, made by another endpoint, run TLS."""

    def __init__(self, connectionCreator: Any, wrappedEndpoint: Any) -> None:
        self._connectionCreator = connectionCreator
        self._wrappedEndpoint = wrappedEndpoint

    def connect(self, protocolFactory: Any) -> defer.Deferred:
        """Connect; fires with the application's protocol (the handshake may still run)."""
        connecting = self._wrappedEndpoint.connect(
            _TLSStartingFactory(self._connectionCreator, protocolFactory))
        return connecting.addCallback(lambda wrapper: wrapper._wrappedProtocol)


def wrapClientTLS(connectionCreator: Any, wrappedEndpoint: Any) -> _TLSWrapperEndpoint:
    """An endpoint connecting through ``wrappedEndpoint`` then running TLS over it, set up
    by ``connectionCreator`` (``optionsForClientTLS(hostname)``, say)."""
    return _TLSWrapperEndpoint(connectionCreator, wrappedEndpoint)


def connectProtocol(endpoint: Any, protocol: Any) -> defer.Deferred:
    """Connect ``protocol`` itself (no factory needed) through ``endpoint``."""

    class OneShotFactory(Factory):
        def buildProtocol(self, addr: Any) -> Any:
            return protocol

    return endpoint.connect(OneShotFactory())


# -- descriptions ------------------------------------------------------------------------------


def _serverTCP(reactor: Any, port: str, interface: str = "",
               backlog: str = "50") -> TCP4ServerEndpoint:
    return TCP4ServerEndpoint(reactor, int(port), int(backlog), interface)


def _serverTCP6(reactor: Any, port: str, backlog: str = "50",
                interface: str = "::") -> TCP6ServerEndpoint:
    return TCP6ServerEndpoint(reactor, int(port), int(backlog), interface)


def _serverUNIX(reactor: Any, address: str, mode: str = "666", backlog: str = "50",
                lockfile: str = "1") -> UNIXServerEndpoint:
    return UNIXServerEndpoint(reactor, address, int(backlog), int(mode, 8),
                              bool(int(lockfile)))


def _serverSSL(reactor: Any, port: str, privateKey: str = "server.pem",
               certKey: str | None = None, sslmethod: str | None = None, interface: str = "",
               backlog: str = "50", extraCertChain: str | None = None,
               dhParameters: str | None = None) -> SSL4ServerEndpoint:
    from refreactor.internet import ssl

    if dhParameters is not None:
        raise ValueError("dhParameters: refreactor's ssl has no DiffieHellmanParameters yet")
    options: dict[str, Any] = {}
    if sslmethod is not None:
        options["method"] = getattr(ssl.SSL, sslmethod)
    keyPEM = FilePath(privateKey).getContent()
    certificatePEM = FilePath(certKey or privateKey).getContent()
    private = ssl.PrivateCertificate.loadPEM(certificatePEM + b"\n" + keyPEM)
    chain = None if extraCertChain is None else _chainFrom(extraCertChain)
    contextFactory = ssl.CertificateOptions(privateKey=private.privateKey.original,
                                            certificate=private.original,
                                            extraCertChain=chain, **options)
    return SSL4ServerEndpoint(reactor, int(port), contextFactory, int(backlog), interface)


_PEM_CERTIFICATE = re.compile(
    r"(-----BEGIN CERTIFICATE-----\n.+?\n-----END CERTIFICATE-----)", re.DOTALL)


def _chainFrom(path: str) -> list[Any]:
    """The certificates of the PEM file at ``path``; ValueError if it holds none."""
    from refreactor.internet import ssl

    found = _PEM_CERTIFICATE.findall(FilePath(path).getContent().decode("ascii", "replace"))
    if not found:
        raise ValueError(f"Specified chain file '{path}' doesn't contain any valid "
                         "certificates in PEM format.")
    return [ssl.Certificate.loadPEM(pem.encode("ascii")).original for pem in found]


# Server description types: the first three are matched as written, the others in any case
# (Twisted finds those as plugins).
_serverParsers: dict[str, Callable[..., Any]] = {"tcp": _serverTCP, "unix": _serverUNIX,
                                                 "ssl": _serverSSL}
def _serverStdio(reactor: Any, *ignored: str, **alsoIgnored: str) -> StandardIOEndpoint:
    return StandardIOEndpoint(reactor)  # Twisted ignores any option given to stdio: too.


_serverPluginParsers: dict[str, Callable[..., Any]] = {"tcp6": _serverTCP6,
                                                       "stdio": _serverStdio}


def _decoded(description: str | bytes) -> str:
    return description.decode("utf-8") if isinstance(description, bytes) else description


def serverFromString(reactor: Any, description: str) -> Any:
    """The server endpoint ``description`` names, such as ``"tcp:80:interface=127.0.0.1"``,
    ``"tcp6:8080"`` or ``"unix:/var/run/app.sock:mode=660"``.

    An unknown type is a ValueError; an unknown option, or a missing one, a TypeError.
    """
    args, kwargs = parseDescription(_decoded(description))
    kind = args.pop(0)
    parser = _serverParsers.get(kind) or _serverPluginParsers.get(kind.lower())
    if parser is None:
        raise ValueError(f"Unknown endpoint type: '{kind.lower()}'")
    return parser(reactor, *args, **kwargs)


def _clientTCP(reactor: Any, host: str | None = None, port: str | None = None, *,
               timeout: str = "30", bindAddress: str | None = None) -> TCP4ClientEndpoint:
    if host is None or port is None:
        raise TypeError("a tcp client description needs a host and a port")
    return TCP4ClientEndpoint(reactor, host, int(port), int(timeout),
                              None if bindAddress is None else (bindAddress, 0))


def _clientUNIX(reactor: Any, path: str | None = None, *, timeout: str = "30",
                lockfile: str = "0") -> UNIXClientEndpoint:
    if path is None:
        raise TypeError("a unix client description needs a path")
    return UNIXClientEndpoint(reactor, path, int(timeout), bool(int(lockfile)))


def _hostAndPort(args: list[str], kwargs: dict[str, str]) -> None:
    """Move positional host and port into ``kwargs``, as Twisted reads them."""
    if len(args) == 2:
        kwargs["host"], kwargs["port"] = args
    elif len(args) == 1:
        kwargs["port" if "host" in kwargs else "host"] = args[0]
    elif args:
        raise TypeError(f"too many positional arguments: {args}")
    args.clear()


def _privateCertificateFrom(certificatePath: str | None, keyPath: str | None) -> Any:
    """The PrivateCertificate in those PEM files (the key may share the certificate's)."""
    if certificatePath is None:
        return None
    from OpenSSL import crypto

    from refreactor.internet import ssl

    certificatePEM = FilePath(certificatePath).getContent()
    keyPEM = certificatePEM if keyPath is None else FilePath(keyPath).getContent()
    return ssl.PrivateCertificate.fromCertificateAndKeyPair(
        ssl.Certificate.loadPEM(certificatePEM), ssl.KeyPair.load(keyPEM, crypto.FILETYPE_PEM))


def _trustRootFrom(folder: str | None) -> Any:
    """A trust root of the ``*.pem`` certificates in ``folder`` (None: the default)."""
    if folder is None:
        return None
    from refreactor.internet import ssl

    authorities = {}
    for child in FilePath(folder).children():
        if child.basename().rsplit(".", 1)[-1].lower() != "pem":
            continue
        try:
            certificate = ssl.Certificate.loadPEM(child.getContent())
        except (OSError, ssl.SSL.Error, ValueError):
            continue
        authorities[certificate.digest()] = certificate
    return ssl.trustRootFromCertificates(list(authorities.values()))


def _clientSSL(reactor: Any, host: str | None = None, port: str | None = None, *,
               timeout: str = "30", bindAddress: str | None = None, certKey: str | None = None,
               privateKey: str | None = None, caCertsDir: str | None = None,
               hostname: str | None = None) -> SSL4ClientEndpoint:
    from refreactor.internet import ssl

    if host is None or port is None:
        raise TypeError("an ssl client description needs a host and a port")
    clientCertificate = _privateCertificateFrom(certKey, privateKey)
    trustRoot = _trustRootFrom(caCertsDir)
    if hostname is not None:
        options = ssl.optionsForClientTLS(hostname, trustRoot=trustRoot,
                                          clientCertificate=clientCertificate)
    else:
        options = ssl.CertificateOptions(
            trustRoot=trustRoot,
            privateKey=clientCertificate and clientCertificate.privateKey.original,
            certificate=clientCertificate and clientCertificate.original)
    return SSL4ClientEndpoint(reactor, host, int(port), options, int(timeout),
                              None if bindAddress is None else (bindAddress, 0))


def _clientTLS(reactor: Any, host: str, port: str, timeout: str = "30",
               bindAddress: str | None = None, certificate: str | None = None,
               privateKey: str | None = None, trustRoots: str | None = None,
               endpoint: str | None = None) -> _TLSWrapperEndpoint:
    from refreactor.internet import ssl

    creator = ssl.optionsForClientTLS(host, trustRoot=_trustRootFrom(trustRoots),
                                      clientCertificate=_privateCertificateFrom(certificate,
                                                                                privateKey))
    if endpoint is not None:
        inner = clientFromString(reactor, endpoint)
    else:
        inner = HostnameEndpoint(reactor, host.encode("idna"), int(port), int(timeout),
                                 None if bindAddress is None else (bindAddress, 0))
    return wrapClientTLS(creator, inner)


_clientParsers: dict[str, Callable[..., Any]] = {"TCP": _clientTCP, "UNIX": _clientUNIX,
                                                 "SSL": _clientSSL}
_clientPluginParsers: dict[str, Callable[..., Any]] = {"tls": _clientTLS}


def clientFromString(reactor: Any, description: str) -> Any:
    """The client endpoint ``description`` names, such as ``"tcp:example.com:80"``,
    ``"tcp:host=localhost:port=8080:timeout=5"`` or ``"unix:path=/var/run/app.sock"``.

    An unknown type is a ValueError; an unknown option, or a missing one, a TypeError.
    """
    args, kwargs = parseDescription(_decoded(description))
    kind = args.pop(0)
    parser = _clientParsers.get(kind.upper())
    if parser is not None:
        if kind.upper() == "UNIX":
            if args:
                kwargs["path"] = args.pop(0)
        else:
            _hostAndPort(args, kwargs)
        return parser(reactor, *args, **kwargs)
    plugin = _clientPluginParsers.get(kind.lower())
    if plugin is None:
        raise ValueError(f"Unknown endpoint type: '{kind.lower()}'")
    return plugin(reactor, *args, **kwargs)
