"""Address objects (IAddress providers), mirroring ``twisted.internet.address``."""

import os
import socket
from dataclasses import dataclass, field

from zope.interface import implementer

from refreactor.internet.interfaces import IAddress


@implementer(IAddress)
@dataclass(frozen=True)
class IPv4Address:
    """An IPv4 endpoint: ``type`` is "TCP" or "UDP"."""

    type: str
    host: str
    port: int


@implementer(IAddress)
@dataclass(frozen=True)
class IPv6Address:
    """An IPv6 endpoint: ``type`` is "TCP" or "UDP"."""

    type: str
    host: str
    port: int
    flowInfo: int = field(default=0, repr=False)
    scopeID: int | str = field(default=0, repr=False)


@implementer(IAddress)
@dataclass(frozen=True)
class HostnameAddress:
    """The address of a HostnameEndpoint: a host name (bytes) and a port."""

    hostname: bytes
    port: int


@implementer(IAddress)
@dataclass(frozen=True)
class UNIXAddress:
    """A UNIX-domain socket path, kept as bytes (None for an unnamed socket)."""

    name: bytes | None

    def __init__(self, name: str | bytes | None) -> None:
        object.__setattr__(self, "name", None if name is None else os.fsencode(name))

    def __repr__(self) -> str:
        shown = None if self.name is None else os.fsdecode(self.name)
        return f"UNIXAddress({shown!r})"


def fromSockaddr(kind: str, family: int, sockaddr: object) -> IPv4Address | IPv6Address:
    """The address object for a ``getsockname``/``getpeername`` result of an IP socket."""
    if family == socket.AF_INET6:
        host, port, flowInfo, scopeID = sockaddr  # type: ignore[misc]
        if scopeID:  # A link-local address names its interface: "fe80::1%eth0".
            host = socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)[0]
        return IPv6Address(kind, host, port, flowInfo, scopeID)
    host, port = sockaddr  # type: ignore[misc]
    return IPv4Address(kind, host, port)
