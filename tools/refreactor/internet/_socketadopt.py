"""IReactorSocket: the reactor takes over sockets made elsewhere (inherited, or received).

The reactor works on a duplicate of the caller's descriptor, so the caller may close its own
as soon as the method returns, as Twisted documents.
"""

import socket
from typing import Any

from zope.interface import implementer

from refreactor.internet import error, tcp, udp, unix
from refreactor.internet.interfaces import IReactorSocket

_STREAM_FAMILIES = (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX)
_DATAGRAM_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def _duplicate(fileDescriptor: int, family: int, kind: int, supported: tuple) -> socket.socket:
    """A socket on a duplicate of ``fileDescriptor``; UnsupportedAddressFamily if not ours."""
    if family not in supported:
        raise error.UnsupportedAddressFamily(family)
    skt = socket.fromfd(fileDescriptor, family, kind)
    skt.setblocking(False)
    return skt


@implementer(IReactorSocket)
class SocketAdoptionReactorMixin:
    """Reactor methods of IReactorSocket; mixed into the reactor class."""

    def adoptStreamPort(self, fileDescriptor: int, addressFamily: int, factory: Any) -> Any:
        """Accept connections on a bound, listening stream socket."""
        skt = _duplicate(fileDescriptor, addressFamily, socket.SOCK_STREAM, _STREAM_FAMILIES)
        portClass = unix.Port if addressFamily == socket.AF_UNIX else tcp.Port
        port = portClass._fromListeningSocket(skt, factory, self)
        port.startListening()
        return port

    def adoptStreamConnection(self, fileDescriptor: int, addressFamily: int,
                              factory: Any) -> None:
        """Run a protocol from ``factory`` on a connected stream socket."""
        skt = _duplicate(fileDescriptor, addressFamily, socket.SOCK_STREAM, _STREAM_FAMILIES)
        adopt = unix.adoptConnection if addressFamily == socket.AF_UNIX else tcp.adoptConnection
        adopt(skt, factory, self)

    def adoptDatagramPort(self, fileDescriptor: int, addressFamily: int, protocol: Any,
                          maxPacketSize: int = 8192) -> udp.Port:
        """Deliver the datagrams of a bound UDP socket to ``protocol``."""
        skt = _duplicate(fileDescriptor, addressFamily, socket.SOCK_DGRAM, _DATAGRAM_FAMILIES)
        port = udp.Port._fromBoundSocket(skt, protocol, maxPacketSize, self)
        port.startListening()
        return port
