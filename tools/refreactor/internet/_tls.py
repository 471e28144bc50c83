"""TLS connections: TCP connections whose socket is wrapped by ``ssl.SSLContext``.

As with Twisted, the protocol is connected as soon as TCP is; what it writes during the
handshake is queued, and a failed handshake reaches ``connectionLost``.
"""

import ssl
from typing import Any

from zope.interface import implementer

from refreactor.internet import tcp
from refreactor.internet.abstract import CONNECTION_DONE, CONNECTION_LOST
from refreactor.internet.interfaces import ISSLTransport


@implementer(ISSLTransport)
class TLSMixin:
    """Handshake, reading and writing over a non-blocking ``ssl.SSLSocket``."""

    _handshaking = True
    socket: Any

    def _wrap(self, context: ssl.SSLContext, serverSide: bool) -> None:
        self.socket = context.wrap_socket(self.socket, server_side=serverSide,
                                          do_handshake_on_connect=False)
        self._recv = self.socket.recv
        self._send = self.socket.send

    def _continueHandshake(self) -> Any:
        try:
            self.socket.do_handshake()
        except ssl.SSLWantReadError:
            self.stopWriting()
            return None
        except ssl.SSLWantWriteError:
            self.startWriting()
            return None
        except OSError as e:
            return e
        self._handshaking = False
        if self._pendingLen() or self.disconnecting or self._writeDisconnecting:
            self.startWriting()
        else:
            self.stopWriting()
        if self.disconnecting:
            self.stopReading()
            return None
        return self._readRecords()

    def doRead(self) -> Any:
        """Continue the handshake, or deliver the decrypted data."""
        if self._handshaking:
            return self._continueHandshake()
        return self._readRecords()

    def _readRecords(self) -> Any:
        while True:
            try:
                data = self._recv(self.readSize)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                return None
            except ssl.SSLError as e:
                return e
            except OSError:
                return CONNECTION_LOST
            if not data:
                return CONNECTION_DONE
            self.protocol.dataReceived(data)
            # OpenSSL may hold decrypted bytes the socket no longer signals.
            if self.disconnecting or self._fd == -1 or not self.socket.pending():
                return None

    def doWrite(self) -> Any:
        """Continue the handshake, or send queued data."""
        if self._handshaking:
            return self._continueHandshake()
        return super().doWrite()  # type: ignore[misc]

    def writeSomeData(self, data: Any) -> Any:
        """Encrypt and send what the socket takes; nothing during the handshake."""
        if self._handshaking:
            return 0
        try:
            return self._send(data)
        except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
            return 0
        except ssl.SSLError as e:
            return e
        except OSError:
            return CONNECTION_LOST

    def loseConnection(self) -> None:
        """Close after the handshake and the queued data."""
        if self._handshaking and self.connected and not self.disconnecting:
            self.disconnecting = True
            return
        super().loseConnection()  # type: ignore[misc]

    def _closeSocket(self, orderly: bool) -> None:
        if orderly and not self._handshaking:
            try:  # Send our close_notify; the peer's, which unwrap would wait for, is not needed.
                self.socket.unwrap()
            except (ssl.SSLError, OSError):
                pass
        super()._closeSocket(orderly)  # type: ignore[misc]

    def getPeerCertificate(self) -> bytes | None:
        """The peer's certificate in DER form, if it sent one."""
        return self.socket.getpeercert(binary_form=True)


class Server(TLSMixin, tcp.Server):
    """A TLS connection accepted by a Port."""

    def __init__(self, skt: Any, protocol: Any, peer: Any, port: "Port", sessionno: int,
                 reactor: Any) -> None:
        skt = port.context.wrap_socket(skt, server_side=True, do_handshake_on_connect=False)
        super().__init__(skt, protocol, peer, port, sessionno, reactor)


class Port(tcp.Port):
    """A listening TLS port."""

    transportClass = Server

    def __init__(self, port: int, factory: Any, contextFactory: Any, backlog: int = 50,
                 interface: str = "", reactor: Any = None) -> None:
        super().__init__(port, factory, backlog, interface, reactor)
        self.contextFactory = contextFactory
        self.context = contextFactory.getContext()


class Client(TLSMixin, tcp.Client):
    """A TLS client connection."""

    def __init__(self, host: str, port: int, bindAddress: Any, connector: Any,
                 reactor: Any, context: ssl.SSLContext) -> None:
        super().__init__(host, port, bindAddress, connector, reactor)
        self.context = context

    def _connectDone(self) -> None:
        self._wrap(self.context, serverSide=False)
        super()._connectDone()
        if not self.disconnected:
            self.startWriting()  # Sends the ClientHello.


class Connector(tcp.Connector):
    """A TLS connector."""

    def __init__(self, host: str, port: int, factory: Any, contextFactory: Any,
                 timeout: float | None, bindAddress: Any, reactor: Any) -> None:
        super().__init__(host, port, factory, timeout, bindAddress, reactor)
        self.contextFactory = contextFactory

    def _makeTransport(self) -> Client:
        return Client(self.host, self.port, self.bindAddress, self, self.reactor,
                      self.contextFactory.getContext())
