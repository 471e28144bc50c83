"""TLS transports: stream connections whose bytes pass through a pyOpenSSL connection.

The ``OpenSSL.SSL.Connection`` works on memory BIOs, as Twisted's does, but inside the
transport rather than in a protocol wrapper: received ciphertext is fed to it and the cleartext
goes straight to the application's protocol; the protocol's writes wait in the transport's
queue until the end of the reactor pass, as plain TCP writes do, and are then encrypted in one
go and sent.

As with Twisted, the protocol is connected as soon as TCP is; what it writes during the
handshake waits for the handshake; a failed handshake reaches ``connectionLost`` as the
``OpenSSL.SSL.Error`` (or the VerificationError of the host name check); ``loseConnection``
sends close_notify and closes once the peer answers with its own, and a peer that closes TCP
without close_notify ends the connection with ConnectionLost (the data may be cut short).
"""

from collections.abc import Callable
from typing import Any

from OpenSSL import SSL
from zope.interface import implementer

from refreactor.internet import error, tcp
from refreactor.internet.abstract import CONNECTION_DONE, CONNECTION_LOST
from refreactor.internet.interfaces import (
    IHandshakeListener,
    INegotiated,
    ISSLTransport,
    ISystemHandle,
)
from refreactor.python import log
from refreactor.python.failure import Failure

_BIO_CHUNK = 65536

ConnectionCreator = Callable[[Any], SSL.Connection]


def connectionCreator(contextFactory: Any, isClient: bool) -> ConnectionCreator:
    """How to make each connection's ``OpenSSL.SSL.Connection`` from what ``listenSSL``,
    ``connectSSL`` or ``startTLS`` was given: a connection creator (``optionsForClientTLS``,
    ``CertificateOptions``) or a context factory whose ``getContext`` is tried at once."""
    method = "clientConnectionForTLS" if isClient else "serverConnectionForTLS"
    create = getattr(contextFactory, method, None)
    if create is not None:
        return create
    getContext = getattr(contextFactory, "getContext", None)
    if getContext is None:
        raise TypeError(f"{contextFactory!r} is not a TLS context factory: it has neither "
                        f"{method} nor getContext")
    context = getContext()
    if not isinstance(context, SSL.Context):
        raise TypeError(f"{contextFactory!r}.getContext() returned a "
                        f"{type(context).__name__}, not an OpenSSL.SSL.Context")
    return lambda transport: SSL.Connection(getContext(), None)


@implementer(ISSLTransport, ISystemHandle, INegotiated)
class TLSMixin:
    """Handshake, encryption, decryption and close_notify for a stream connection."""

    _tls: Any = None  # The OpenSSL.SSL.Connection.
    _handshakeDone = False
    _cipher = b""  # Bytes for the socket as they are: TLS records (or clear text before TLS).
    _tlsReason: Failure | None = None  # Why the connection ends, when TLS decided it.
    _peerClosed = False  # The peer's close_notify arrived.
    _shutdownSent = False  # Our close_notify is out (or queued): no more application data.
    _closeAfterCipher: Any = None  # Once the queued ciphertext is sent, end with this.

    def _setUpTLS(self, create: ConnectionCreator, isClient: bool) -> None:
        connection = create(self)
        if isClient:
            connection.set_connect_state()
        else:
            connection.set_accept_state()
        connection.set_app_data(self)
        self._tls = connection

    def _beginHandshake(self) -> None:
        """Queue the client's first flight (a server waits for it)."""
        try:
            self._tls.do_handshake()
        except SSL.WantReadError:
            pass
        except SSL.Error:
            self._tlsReason = Failure()
            self.abortConnection()
            return
        self._drainBIO()
        if self._cipher:
            self.startWriting()

    # -- reading ---------------------------------------------------------------------------------

    def doRead(self) -> Any:
        """Feed received ciphertext to OpenSSL; go on with the handshake or deliver cleartext."""
        data = self._readSocket()
        if data.__class__ is not bytes:
            return data
        if not data:
            return CONNECTION_LOST  # TCP ended without close_notify: maybe cut short.
        self._tls.bio_write(data)
        if not self._handshakeDone:
            why = self._handshake()
            if why is not None or not self._handshakeDone:
                return why
        return self._receiveCleartext()

    def _handshake(self) -> Any:
        try:
            self._tls.do_handshake()
        except SSL.WantReadError:
            return self._sendCipher()
        except SSL.Error as e:
            return self._tlsFailed(e)
        self._handshakeDone = True
        why = self._sendCipher()
        if why is not None:
            return why
        if IHandshakeListener.providedBy(self.protocol):
            self.protocol.handshakeCompleted()
        if self._pendingLen() or self.disconnecting:
            self.startWriting()  # Send what waited for the handshake (then close_notify).
        return None

    def _receiveCleartext(self) -> Any:
        recv = self._tls.recv
        size = self.readSize
        while True:
            try:
                data = recv(size)
            except SSL.WantReadError:
                break
            except SSL.ZeroReturnError:
                return self._closeNotified()
            except SSL.Error as e:
                return self._tlsFailed(e)
            self.protocol.dataReceived(data)
            if self._aborting or self.disconnected:
                return None
        if self._flushScheduled:
            return None  # This pass's flush sends whatever OpenSSL has to say as well.
        return self._sendCipher()

    def _closeNotified(self) -> Any:
        """The peer's close_notify: answer with ours (unless sent), then close."""
        self._peerClosed = True
        self._shutdownSent = True
        try:
            self._tls.shutdown()
        except SSL.Error:
            pass
        self._closeAfterCipher = CONNECTION_DONE
        why = self._sendCipher()
        if why is not None or self._cipher:
            return why
        return CONNECTION_DONE

    def _tlsFailed(self, error: SSL.Error) -> Failure:
        """End the connection with ``error`` (or with a reason decided earlier)."""
        if self._tlsReason is None:
            self._tlsReason = Failure(error)
        self._sendCipher()  # The alert that tells the peer why, if OpenSSL made one.
        return self._tlsReason

    def readConnectionLost(self, reason: Failure) -> None:
        """TLS has no half-close: the end of the peer's stream ends the connection."""
        self.connectionLost(reason if self._peerClosed else Failure(CONNECTION_LOST))

    # -- writing ---------------------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Queue cleartext; after ``loseConnection`` it is dropped, as Twisted's TLS does."""
        if self.disconnecting and self.producer is None and isinstance(data, bytes):
            return
        super().write(data)  # type: ignore[misc]

    def writeSomeData(self, data: Any) -> Any:
        """Encrypt ``data`` and send what the socket takes of the records."""
        try:
            sent = self._tls.send(data)
        except SSL.WantReadError:
            return 0  # A renegotiation waits for the peer.
        except SSL.Error as e:
            return self._tlsFailed(e)
        why = self._sendCipher()
        return sent if why is None else why

    def _sendQueued(self) -> Any:
        """Send queued ciphertext, then encrypt and send queued cleartext (after the
        handshake); None once all is out, True while some is left, else an error."""
        if self._cipher:
            why = self._pushCipher()
            if why is not None:
                return why
            if self._cipher:
                return True
        if not self._handshakeDone or self._shutdownSent:
            return None
        pending = super()._sendQueued()  # type: ignore[misc]
        if pending is None and self._cipher:
            return True
        return pending

    def _allSent(self) -> Any:
        """All is sent: end if our close is complete; after the handshake, as TCP does."""
        if self._closeAfterCipher is not None:
            return self._closeAfterCipher
        if not self._handshakeDone:
            return None
        return super()._allSent()  # type: ignore[misc]

    def _closeWhenAllSent(self) -> Any:
        """A TLS close begins with our close_notify."""
        return self._shutdown()

    def _sendCipher(self) -> Any:
        """Move what OpenSSL produced to the socket; None, or why the connection ended."""
        self._drainBIO()
        return self._pushCipher()

    def _drainBIO(self) -> None:
        read = self._tls.bio_read
        while True:
            try:
                chunk = read(_BIO_CHUNK)
            except SSL.WantReadError:
                return
            self._cipher += chunk
            if len(chunk) < _BIO_CHUNK:
                return

    def _pushCipher(self) -> Any:
        cipher = self._cipher
        if not cipher or self._aborting:
            return None
        try:
            sent = self._send(cipher)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            return CONNECTION_LOST
        self._cipher = cipher[sent:]
        if self._cipher:
            self.startWriting()
        return None

    # -- closing ---------------------------------------------------------------------------------

    def loseConnection(self) -> None:
        """Send the queued data and close_notify; close when the peer's close_notify comes.

        Before the handshake, with nothing queued, the connection is aborted instead (as
        Twisted does): there is nothing to say, so no handshake to finish.
        """
        if not self.connected or self.disconnecting:
            return
        if self._writeDisconnected:  # Half-closed: no close_notify can be sent any more.
            super().loseConnection()  # type: ignore[misc]
            return
        if not self._handshakeDone and not self._pendingLen():
            self.abortConnection()
            self.disconnecting = True
            return
        self.disconnecting = True
        self.startWriting()

    def _shutdown(self) -> Any:
        """Send our close_notify; the connection ends when the peer's arrives."""
        self._shutdownSent = True
        try:
            bothSent = self._tls.shutdown()
        except SSL.Error:
            bothSent = False
        if bothSent:
            self._closeAfterCipher = CONNECTION_DONE
        why = self._sendCipher()
        if why is not None or self._cipher:
            return why
        return self._closeAfterCipher

    def failVerification(self, reason: Failure) -> None:
        """Abort during the handshake: the peer's certificate is not the expected one."""
        self._tlsReason = reason
        self.abortConnection()

    def connectionLost(self, reason: Failure) -> None:
        """Report the TLS-level reason, when TLS decided the end, rather than the socket's.

        An aborted TLS connection ends, as with Twisted, with ConnectionLost: the TLS stream
        was cut short, on this side as on the other.
        """
        if self._tlsReason is not None:
            reason = self._tlsReason
        elif reason.check(error.ConnectionAborted):
            reason = Failure(CONNECTION_LOST)
        super().connectionLost(reason)  # type: ignore[misc]

    def _closeSocket(self, orderly: bool) -> None:
        super()._closeSocket(orderly and not self._aborting)  # type: ignore[misc]

    # -- ISSLTransport, ISystemHandle, INegotiated ------------------------------------------------

    @property
    def factory(self) -> "WrappingFactoryView":
        """What connection creators read as ``tlsProtocol.factory`` (Twisted's creators look
        for ALPN protocols on its ``wrappedFactory``, the application's factory)."""
        return WrappingFactoryView(self._applicationFactory())

    def _applicationFactory(self) -> Any:
        return None  # After startTLS there is none, as in Twisted.

    def getPeerCertificate(self) -> Any:
        """The peer's certificate, an ``OpenSSL.crypto.X509``, or None if it sent none."""
        return self._tls.get_peer_certificate()

    def getHandle(self) -> SSL.Connection:
        """The ``OpenSSL.SSL.Connection`` of this transport."""
        return self._tls

    @property
    def negotiatedProtocol(self) -> bytes | None:
        """The application protocol agreed over ALPN, or None."""
        return self._tls.get_alpn_proto_negotiated() or None


class WrappingFactoryView:
    """The factory a TLS transport shows its connection creator, wrapping ``wrappedFactory``."""

    def __init__(self, wrappedFactory: Any) -> None:
        self.wrappedFactory = wrappedFactory


class Server(TLSMixin, tcp.Server):
    """A TLS connection accepted by a Port."""

    def _applicationFactory(self) -> Any:
        return self.server.factory

    def __init__(self, skt: Any, protocol: Any, peer: Any, port: "Port", sessionno: int,
                 reactor: Any) -> None:
        super().__init__(skt, protocol, peer, port, sessionno, reactor)
        self._setUpTLS(port._createConnection, isClient=False)


class Port(tcp.Port):
    """A listening TLS port."""

    transportClass = Server
    _logKind = "TLS"

    def __init__(self, port: int, factory: Any, contextFactory: Any, backlog: int = 50,
                 interface: str = "", reactor: Any = None) -> None:
        self._createConnection = connectionCreator(contextFactory, isClient=False)
        super().__init__(port, factory, backlog, interface, reactor)
        self.contextFactory = contextFactory

    def _accepted(self, skt: Any, peer: Any) -> None:
        try:
            super()._accepted(skt, peer)
        except Exception:  # The connection creator failed: this one connection is dropped.
            log.err(None, "Could not set up TLS on an accepted connection",
                    system=self.logPrefix())
            skt.close()

    def _factoryLogPrefix(self) -> str:
        return super()._factoryLogPrefix() + " (TLS)"


class Client(TLSMixin, tcp.Client):
    """A TLS client connection."""

    def _applicationFactory(self) -> Any:
        return self.connector.factory if self.connector is not None else None

    def __init__(self, host: str, port: int, bindAddress: Any, connector: Any, reactor: Any,
                 create: ConnectionCreator) -> None:
        super().__init__(host, port, bindAddress, connector, reactor)
        self._create = create

    def _connectDone(self) -> None:
        try:
            self._setUpTLS(self._create, isClient=True)
        except Exception as e:  # The attempt fails, rather than half-connecting.
            self.failIfNotConnected(e)
            return
        super()._connectDone()
        if self.connected and not self._aborting:
            self._beginHandshake()


class Connector(tcp.Connector):
    """A TLS connector; a context factory that cannot make a context fails here, at once."""

    def __init__(self, host: str, port: int, factory: Any, contextFactory: Any,
                 timeout: float | None, bindAddress: Any, reactor: Any) -> None:
        self._create = connectionCreator(contextFactory, isClient=True)
        super().__init__(host, port, factory, timeout, bindAddress, reactor)
        self.contextFactory = contextFactory

    def _makeTransport(self) -> Client:
        return Client(self.host, self.port, self.bindAddress, self, self.reactor, self._create)


# startTLS changes the class of the transport so that plain TCP pays nothing for TLS.
_variants: dict[type, type] = {tcp.Server: Server, tcp.Client: Client}


def startTLS(transport: Any, contextFactory: Any, normal: bool) -> None:
    """Switch ``transport`` to TLS; what it queued before goes out in clear first."""
    if isinstance(transport, TLSMixin):
        raise RuntimeError("TLS has already been started on this transport")
    isClient = isinstance(transport, tcp.BaseClient) == bool(normal)
    create = connectionCreator(contextFactory, isClient)
    cls = type(transport)
    variant = _variants.get(cls)
    if variant is None:
        variant = _variants[cls] = type(cls.__name__, (TLSMixin, cls), {})
    transport.__class__ = variant
    try:
        transport._setUpTLS(create, isClient)
    except BaseException:
        transport.__class__ = cls
        raise
    clear = transport._cipher = transport._takeQueued()
    if isClient:
        transport._beginHandshake()
    elif clear:
        transport.startWriting()
