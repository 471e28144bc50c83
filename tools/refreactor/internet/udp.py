"""IReactorUDP and IReactorMulticast for the reference reactor: datagram ports."""

from __future__ import annotations

import errno
import socket
import struct
from typing import Any

from zope.interface import implementer

from refreactor.internet import defer, error
from refreactor.internet.abstract import applicationLogPrefix
from refreactor.internet.address import IPv4Address, IPv6Address
from refreactor.internet.interfaces import (
    IListeningPort,
    IMulticastTransport,
    IReactorMulticast,
    IReactorUDP,
    IReadDescriptor,
    IUDPTransport,
)
from refreactor.python import log
from refreactor.python.failure import Failure

# Bytes read per doRead before yielding to the other selectables, so one busy port cannot
# starve the loop.
_MAX_THROUGHPUT = 256 * 1024
_RETRY_LATER = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR, errno.ENOBUFS)


def _family(interface: str) -> socket.AddressFamily:
    """The address family of an interface literal ('' is AF_INET); InvalidAddressError if
    ``interface`` is not an IP address literal."""
    if _isIPLiteral(interface, socket.AF_INET6):
        return socket.AF_INET6
    if interface and not _isIPLiteral(interface, socket.AF_INET):
        raise error.InvalidAddressError(interface, "not an IPv4 or IPv6 address.")
    return socket.AF_INET


def _isIPLiteral(host: str, family: socket.AddressFamily) -> bool:
    """Whether ``host`` is an address literal of ``family``."""
    try:
        socket.inet_pton(family, host)
    except (OSError, ValueError):
        return False
    return True


@implementer(IUDPTransport, IListeningPort, IReadDescriptor)
class Port:
    """A UDP socket bound to a port and serving one DatagramProtocol."""

    def __init__(
        self,
        port: int,
        proto: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        reactor: Any = None,
    ) -> None:
        """Remember the settings; ``startListening`` binds the socket."""
        self.port = port
        self.protocol = proto
        self.interface = interface
        self.maxPacketSize = maxPacketSize
        self.reactor = reactor
        self.addressFamily = _family(interface)
        self.socket: socket.socket | None = None
        self.connected = False
        self.disconnecting = False
        self._connectedAddr: tuple[str, int] | None = None
        self._realPortNumber: int | None = None
        self._stopped: defer.Deferred | None = None
        self._adoptedSocket: socket.socket | None = None

    @classmethod
    def _fromBoundSocket(cls, skt: socket.socket, protocol: Any, maxPacketSize: int,
                         reactor: Any) -> Port:
        """A port serving ``protocol`` on ``skt``, a datagram socket already bound."""
        host, port = skt.getsockname()[:2]
        self = cls(port, protocol, host, maxPacketSize, reactor)
        self._adoptedSocket = skt
        return self

    def __repr__(self) -> str:
        return f"<{type(self.protocol).__name__} on {self._realPortNumber}>"

    def logPrefix(self) -> str:
        """Log under the protocol's prefix, marked as UDP."""
        return f"{applicationLogPrefix(self.protocol)} (UDP)"

    def fileno(self) -> int:
        """The socket's descriptor, or -1 when closed."""
        return self.socket.fileno() if self.socket is not None else -1

    def getHandle(self) -> socket.socket | None:
        """The underlying socket."""
        return self.socket

    def _bindSocket(self) -> socket.socket:
        """Create the socket and bind it; CannotListenError on failure."""
        skt = socket.socket(self.addressFamily, socket.SOCK_DGRAM)
        try:
            self._configure(skt)
            skt.bind((self.interface, self.port))
        except OSError as e:
            skt.close()
            raise error.CannotListenError(self.interface, self.port, e) from e
        skt.setblocking(False)
        return skt

    def _configure(self, skt: socket.socket) -> None:
        """Set socket options before binding (multicast ports add some)."""

    def startListening(self) -> None:
        """Bind, connect the protocol and start reading datagrams."""
        if self._adoptedSocket is not None:
            self.socket, self._adoptedSocket = self._adoptedSocket, None
        else:
            self.socket = self._bindSocket()
        self._realPortNumber = self.socket.getsockname()[1]
        log.msg(f"{applicationLogPrefix(self.protocol)} starting on {self._realPortNumber}")
        self.connected = True
        self.protocol.makeConnection(self)
        self.reactor.addReader(self)

    def doRead(self) -> None:
        """Read the waiting datagrams (up to a byte budget) and hand each to the protocol."""
        budget = _MAX_THROUGHPUT
        recvfrom = self.socket.recvfrom
        while budget > 0 and self.socket is not None:
            try:
                data, addr = recvfrom(self.maxPacketSize)
            except OSError as e:
                if e.errno == errno.ECONNREFUSED:
                    if self._connectedAddr:
                        self._deliver(self.protocol.connectionRefused)
                    continue
                if e.errno not in _RETRY_LATER:
                    log.err(None, f"Error reading from {self!r}")
                return
            budget -= len(data)
            self._deliver(self.protocol.datagramReceived, data, addr[:2])

    def _deliver(self, callback: Any, *args: Any) -> None:
        """Call a protocol method; an exception it raises is logged, the port goes on."""
        try:
            callback(*args)
        except Exception:
            log.err(None, f"Unhandled error in {callback.__qualname__} of {self.logPrefix()}")

    def write(self, datagram: bytes, addr: tuple[str, int] | None = None) -> None:
        """Send one datagram to ``addr``, or to the connected peer when ``addr`` is None."""
        if self._connectedAddr is not None:
            if addr not in (None, self._connectedAddr):
                raise ValueError(f"connected to {self._connectedAddr}, cannot send to {addr}")
            self._send(self.socket.send, datagram)
            return
        if addr is None:
            raise ValueError("an unconnected UDP port needs an address to send to")
        self._checkDestination(addr[0])
        self._send(self.socket.sendto, datagram, addr)

    def _checkDestination(self, host: str) -> None:
        """InvalidAddressError unless ``host`` is an address literal of the port's family."""
        isIPv4 = host == "<broadcast>" or _isIPLiteral(host, socket.AF_INET)
        isIPv6 = _isIPLiteral(host, socket.AF_INET6)
        if not isIPv4 and not isIPv6:
            raise error.InvalidAddressError(
                host, "write() only accepts IP addresses, not hostnames")
        if isIPv4 and self.addressFamily == socket.AF_INET6:
            raise error.InvalidAddressError(
                host, "IPv6 port write() called with IPv4 or broadcast address")
        if isIPv6 and self.addressFamily == socket.AF_INET:
            raise error.InvalidAddressError(host, "IPv4 port write() called with IPv6 address")

    def _send(self, send: Any, datagram: bytes, *addr: Any) -> None:
        """Send, retrying on EINTR; drop on a full buffer; report refusals when connected."""
        while True:
            try:
                send(datagram, *addr)
                return
            except InterruptedError:
                continue
            except OSError as e:
                if e.errno == errno.EMSGSIZE:
                    raise error.MessageLengthError("message too long") from e
                if e.errno == errno.ECONNREFUSED:
                    # Only a connected port can tell which datagram was refused.
                    if self._connectedAddr is not None:
                        self.protocol.connectionRefused()
                    return
                if e.errno in _RETRY_LATER:
                    return  # UDP may drop datagrams; so do we when the buffer is full.
                raise

    def writeSequence(self, seq: list[bytes], addr: tuple[str, int] | None) -> None:
        """Send the concatenation of ``seq`` as one datagram (``addr`` None when connected)."""
        self.write(b"".join(seq), addr)

    def connect(self, host: str, port: int) -> None:
        """Talk only to ``host:port`` from now on (an IP address, not a name)."""
        if self._connectedAddr is not None:
            raise RuntimeError("already connected, reconnecting is not currently supported")
        if not _isIPLiteral(host, self.addressFamily):
            raise error.InvalidAddressError(host, "not an IP address literal.")
        self._connectedAddr = (host, port)
        self.socket.connect((host, port))

    def getHost(self) -> IPv4Address | IPv6Address:
        """The address the socket is bound to."""
        host, port = self.socket.getsockname()[:2]
        if self.addressFamily == socket.AF_INET6:
            return IPv6Address("UDP", host, port)
        return IPv4Address("UDP", host, port)

    def setBroadcastAllowed(self, enabled: bool) -> None:
        """Allow or forbid sending to broadcast addresses."""
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, int(bool(enabled)))

    def getBroadcastAllowed(self) -> bool:
        """Whether sending to broadcast addresses is allowed."""
        return bool(self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST))

    def stopListening(self) -> defer.Deferred | None:
        """Close the port; the Deferred fires once it is closed (None if it was not open)."""
        result = None
        if self.connected:
            result = self._stopped = defer.Deferred()
        self.loseConnection()
        return result

    def loseConnection(self) -> None:
        """Stop reading and close the port in the next loop iteration."""
        self.reactor.removeReader(self)
        if self.connected and not self.disconnecting:
            self.disconnecting = True
            self.reactor.callLater(0, self.connectionLost)

    def connectionLost(self, reason: Failure | None = None) -> None:
        """Close the socket, stop the protocol and fire the stopListening Deferred."""
        if self.socket is None:
            return
        log.msg(f"(UDP Port {self._realPortNumber} Closed)")
        self.reactor.removeReader(self)
        self._realPortNumber = None
        self.connected = False
        self.disconnecting = False
        self.socket.close()
        self.socket = None
        self._deliver(self.protocol.doStop)
        stopped, self._stopped = self._stopped, None
        if stopped is not None:
            stopped.callback(None)


@implementer(IMulticastTransport)
class MulticastPort(Port):
    """A UDP port that can join IPv4 multicast groups."""

    def __init__(
        self,
        port: int,
        proto: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        reactor: Any = None,
        listenMultiple: bool = False,
    ) -> None:
        """Like Port; ``listenMultiple`` lets several sockets bind the same group port."""
        super().__init__(port, proto, interface, maxPacketSize, reactor)
        self.listenMultiple = listenMultiple

    def _configure(self, skt: socket.socket) -> None:
        """Allow several listeners on the port when asked to."""
        if self.listenMultiple:
            skt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            skt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)

    def getOutgoingInterface(self) -> str:
        """The address of the interface outgoing multicast leaves through."""
        packed = self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, 4)
        return socket.inet_ntoa(packed)

    def setOutgoingInterface(self, addr: str) -> defer.Deferred:
        """Send multicast through the interface with address ``addr``; fires with 1."""
        def apply(address: str) -> int:
            packed = socket.inet_aton(address)
            self.socket.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, packed)
            return 1

        return self.reactor.resolve(addr).addCallback(apply)

    def getLoopbackMode(self) -> bool:
        """Whether our own multicast datagrams come back to us."""
        return bool(self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP))

    def setLoopbackMode(self, mode: int) -> None:
        """Have our own multicast datagrams come back to us, or not."""
        self.socket.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, int(bool(mode)))

    def getTTL(self) -> int:
        """The time-to-live of outgoing multicast datagrams."""
        return self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL)

    def setTTL(self, ttl: int) -> None:
        """Set the time-to-live of outgoing multicast datagrams."""
        packed = struct.pack("B", ttl)
        self.socket.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, packed)

    def joinGroup(self, addr: str, interface: str = "") -> defer.Deferred:
        """Join a group; the Deferred fires with None, or fails with MulticastJoinError."""
        return self._membership(addr, interface, socket.IP_ADD_MEMBERSHIP)

    def leaveGroup(self, addr: str, interface: str = "") -> defer.Deferred:
        """Leave a group; the Deferred fires with None, or fails with MulticastJoinError."""
        return self._membership(addr, interface, socket.IP_DROP_MEMBERSHIP)

    def _membership(self, addr: str, interface: str, option: int) -> defer.Deferred:
        """Resolve group and interface, then add or drop the membership."""
        interface = interface or "0.0.0.0"

        def apply(addresses: list[tuple[bool, str]]) -> None:
            group, local = (address for _, address in addresses)
            try:
                request = socket.inet_aton(group) + socket.inet_aton(local)
                self.socket.setsockopt(socket.IPPROTO_IP, option, request)
            except OSError as e:
                raise error.MulticastJoinError(addr, interface, *e.args) from e

        lookups = [self.reactor.resolve(addr), self.reactor.resolve(interface)]
        return defer.DeferredList(lookups, fireOnOneErrback=True, consumeErrors=True).addCallback(
            apply
        )


@implementer(IReactorUDP, IReactorMulticast)
class UDPReactorMixin:
    """Reactor methods for IReactorUDP and IReactorMulticast; mixed into the reactor class."""

    def listenUDP(
        self, port: int, protocol: Any, interface: str = "", maxPacketSize: int = 8192
    ) -> Port:
        """Bind ``protocol`` (a DatagramProtocol) to a UDP port; CannotListenError on failure."""
        p = Port(port, protocol, interface, maxPacketSize, self)
        p.startListening()
        return p

    def listenMulticast(
        self,
        port: int,
        protocol: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        listenMultiple: bool = False,
    ) -> MulticastPort:
        """Bind ``protocol`` to a multicast-capable UDP port."""
        p = MulticastPort(port, protocol, interface, maxPacketSize, self, listenMultiple)
        p.startListening()
        return p
