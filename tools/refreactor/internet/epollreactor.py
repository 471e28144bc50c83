"""The reference reactor class: the epoll loop core plus every transport it offers.

Part two's mixins (UDP, processes, threads) come first in the bases so that their methods,
and their ``__init__`` if they define one (calling ``super().__init__()``), take effect.
"""

from typing import Any

from zope.interface import implementer

from refreactor.internet import tcp, unix
from refreactor.internet._socketadopt import SocketAdoptionReactorMixin
from refreactor.internet._threading import ThreadsReactorMixin
from refreactor.internet.base import ReactorBase
from refreactor.internet.interfaces import (
    IReactorSSL,
    IReactorTCP,
    IReactorUNIX,
    IReactorUNIXDatagram,
)
from refreactor.internet.process import ProcessReactorMixin
from refreactor.internet.udp import UDPReactorMixin


@implementer(IReactorTCP, IReactorSSL, IReactorUNIX, IReactorUNIXDatagram)
class EPollReactor(UDPReactorMixin, ProcessReactorMixin, ThreadsReactorMixin,
                   SocketAdoptionReactorMixin, ReactorBase):
    """The reference reactor: an epoll event loop with TCP, TLS and UNIX sockets."""

    def listenTCP(self, port: int, factory: Any, backlog: int = 50,
                  interface: str = "") -> tcp.Port:
        """Listen for TCP connections."""
        p = tcp.Port(port, factory, backlog, interface, self)
        p.startListening()
        return p

    def connectTCP(self, host: str, port: int, factory: Any, timeout: float = 30,
                   bindAddress: Any = None) -> tcp.Connector:
        """Connect over TCP."""
        c = tcp.Connector(host, port, factory, timeout, bindAddress, self)
        c.connect()
        return c

    def listenSSL(self, port: int, factory: Any, contextFactory: Any, backlog: int = 50,
                  interface: str = "") -> Any:
        """Listen for TLS connections."""
        from refreactor.internet import _tls

        p = _tls.Port(port, factory, contextFactory, backlog, interface, self)
        p.startListening()
        return p

    def connectSSL(self, host: str, port: int, factory: Any, contextFactory: Any,
                   timeout: float = 30, bindAddress: Any = None) -> Any:
        """Connect over TLS."""
        from refreactor.internet import _tls

        c = _tls.Connector(host, port, factory, contextFactory, timeout, bindAddress, self)
        c.connect()
        return c

    def listenUNIX(self, address: str, factory: Any, backlog: int = 50, mode: int = 0o666,
                   wantPID: int = 0) -> unix.Port:
        """Listen on a UNIX socket path."""
        p = unix.Port(address, factory, backlog, mode, wantPID, self)
        p.startListening()
        return p

    def connectUNIX(self, address: str, factory: Any, timeout: float = 30,
                    checkPID: int = 0) -> unix.Connector:
        """Connect to a UNIX socket path."""
        c = unix.Connector(address, factory, timeout, checkPID, self)
        c.connect()
        return c

    def listenUNIXDatagram(self, address: str, protocol: Any, maxPacketSize: int = 8192,
                           mode: int = 0o666) -> unix.DatagramPort:
        """Receive datagrams on a UNIX socket path."""
        p = unix.DatagramPort(address, protocol, maxPacketSize, mode, self)
        p.startListening()
        return p

    def connectUNIXDatagram(self, address: str, protocol: Any, maxPacketSize: int = 8192,
                            mode: int = 0o666,
                            bindAddress: Any = None) -> unix.ConnectedDatagramPort:
        """Connect a datagram protocol to a UNIX socket path."""
        p = unix.ConnectedDatagramPort(address, protocol, maxPacketSize, mode, bindAddress, self)
        p.startListening()
        return p


def install() -> EPollReactor:
    """Create the reactor and install it as ``refreactor.internet.reactor``."""
    from refreactor.internet.main import installReactor

    reactor = EPollReactor()
    installReactor(reactor)
    return reactor
