"""UNIX-domain sockets: stream ports/clients (on the TCP machinery) and datagram ports."""

import array
import errno
import os
import socket
from typing import Any

from zope.interface import implementer

from refreactor.internet import error, tcp
from refreactor.internet.abstract import CONNECTION_DONE, CONNECTION_LOST, applicationLogPrefix
from refreactor.internet.address import UNIXAddress
from refreactor.internet.interfaces import (
    IFileDescriptorReceiver,
    IListeningPort,
    ITransport,
    IUNIXTransport,
)
from refreactor.python import log
from refreactor.python.failure import Failure


def isAbstract(address: str) -> bool:
    """True for a Linux abstract-namespace name ("\\0name"): no file, nothing to chmod."""
    return address.startswith("\0")


def _lockPath(address: str) -> str:
    return f"{address}.lock"


def _lockOwner(path: str) -> int | None:
    """The process ID a lock (a symlink naming the PID) records, if it is alive."""
    try:
        pid = int(os.readlink(path))
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid


def acquireLock(path: str) -> bool:
    """Take the PID lock at ``path`` (breaking a stale one); False if a live process holds it."""
    while True:
        try:
            os.symlink(str(os.getpid()), path)
            return True
        except FileExistsError:
            if _lockOwner(path) is not None:
                return False
            try:
                os.remove(path)
            except FileNotFoundError:
                pass


def isLocked(path: str) -> bool:
    """True when a live process holds the PID lock at ``path``."""
    return _lockOwner(path) is not None


# Room for the descriptors one read may bring (as much ancillary space as Twisted reserves).
_ANCILLARY_SPACE = 4096


class _DescriptorPassing:
    """sendFileDescriptor and descriptor reception for UNIX stream connections.

    Each queued descriptor leaves with one byte of the written data (SCM_RIGHTS); received
    descriptors reach the protocol before the bytes that carried them.
    """

    # Descriptors queued beyond this count pause a streaming producer.
    _fileDescriptorBufferSize = 64

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._sendmsgQueue: list[int] = []

    def sendFileDescriptor(self, descriptor: int) -> None:
        """Queue a duplicate of ``descriptor`` to travel with the next byte written."""
        self._sendmsgQueue.append(descriptor)
        self._maybePauseProducer()
        self.startWriting()

    def _isSendBufferFull(self) -> bool:
        return (len(self._sendmsgQueue) > self._fileDescriptorBufferSize
                or super()._isSendBufferFull())

    def doWrite(self) -> Any:
        """Send; a descriptor queued without a byte written to carry it ends the connection."""
        if len(self._sendmsgQueue) > self._pendingLen():
            return error.FileDescriptorOverrun()
        return super().doWrite()

    def writeSomeData(self, data: Any) -> Any:
        """Send the queued descriptors, one per byte of ``data``, then the rest of ``data``."""
        queue = self._sendmsgQueue
        if len(queue) > len(data):
            return error.FileDescriptorOverrun()
        sent = 0
        while queue:
            rights = array.array("i", [queue[0]]).tobytes()
            try:
                self.socket.sendmsg([data[sent:sent + 1]],
                                   [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])
            except (BlockingIOError, InterruptedError):
                return sent
            except OSError:
                return CONNECTION_LOST
            del queue[0]
            sent += 1
        if not sent:
            return super().writeSomeData(data)
        rest = super().writeSomeData(data[sent:])
        return sent + rest if isinstance(rest, int) else rest

    def doRead(self) -> Any:
        """Hand received descriptors, then received bytes, to the protocol."""
        try:
            data, ancillary, _, _ = self.socket.recvmsg(self.readSize, _ANCILLARY_SPACE)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return CONNECTION_LOST
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                self._descriptorsReceived(payload)
            else:
                log.msg(format="%(protocolName)s (on %(hostAddress)r) received unsupported "
                        "ancillary data (level=%(cmsgLevel)r, type=%(cmsgType)r) from "
                        "%(peerAddress)r.", hostAddress=self.getHost(),
                        peerAddress=self.getPeer(),
                        protocolName=applicationLogPrefix(self.protocol),
                        cmsgLevel=level, cmsgType=kind)
        if data:
            self.protocol.dataReceived(data)
            return None
        return CONNECTION_DONE

    def _descriptorsReceived(self, payload: bytes) -> None:
        descriptors = array.array("i")
        descriptors.frombytes(payload[:len(payload) - len(payload) % descriptors.itemsize])
        if IFileDescriptorReceiver.providedBy(self.protocol):
            for descriptor in descriptors:
                self.protocol.fileDescriptorReceived(descriptor)
            return
        log.msg(format="%(protocolName)s (on %(hostAddress)r) does not provide "
                "IFileDescriptorReceiver; closing file descriptor received (from "
                "%(peerAddress)r).", hostAddress=self.getHost(), peerAddress=self.getPeer(),
                protocolName=applicationLogPrefix(self.protocol))
        for descriptor in descriptors:
            os.close(descriptor)


@implementer(IUNIXTransport)
class Server(_DescriptorPassing, tcp.StreamConnection):
    """A UNIX stream connection accepted by a Port."""

    def __init__(self, skt: socket.socket, protocol: Any, peer: Any, port: "Port",
                 sessionno: int, reactor: Any) -> None:
        super().__init__(skt, protocol, reactor)
        self._peer = peer or None
        self.server = port
        self.sessionno = sessionno
        # Clients are mostly unnamed: the server's end names the connection, as in Twisted.
        self.logstr = f"{applicationLogPrefix(protocol)},{sessionno},{self._localPath()}"

    def _localPath(self) -> str:
        return os.fsdecode(self.getHost().name or b"")

    def __repr__(self) -> str:
        return f"<{type(self.protocol).__name__} #{self.sessionno} on {self._localPath()}>"

    def getHost(self) -> UNIXAddress:
        """The socket path we listen on."""
        return UNIXAddress(self.socket.getsockname())

    def getPeer(self) -> UNIXAddress:
        """The client's address (None: clients are usually unnamed)."""
        return UNIXAddress(self._peer)


class Port(tcp.StreamPort):
    """A listening UNIX stream socket."""

    addressFamily = socket.AF_UNIX
    transportClass = Server

    def __init__(self, address: str, factory: Any, backlog: int = 50, mode: int = 0o666,
                 wantPID: int = 0, reactor: Any = None) -> None:
        super().__init__(factory, backlog, reactor)
        self.port = os.fsdecode(address)
        self.mode = mode
        self.wantPID = wantPID
        self._locked = False
        self._ownsPath = True

    @classmethod
    def _fromListeningSocket(cls, skt: socket.socket, factory: Any, reactor: Any) -> "Port":
        """A port accepting on ``skt``, listening already; its path stays when it closes."""
        port = cls(skt.getsockname(), factory, reactor=reactor)
        port._adoptedSocket = skt
        port._ownsPath = False
        return port

    def _bindSocket(self) -> socket.socket:
        if self.wantPID:
            if not acquireLock(_lockPath(self.port)):
                raise error.CannotListenError(None, self.port, "Cannot acquire lock")
            self._locked = True
            self._removeStaleSocket()
        skt = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            skt.bind(self.port)
            if not isAbstract(self.port):
                os.chmod(self.port, self.mode)
            skt.listen(self.backlog)
        except OSError as e:
            skt.close()
            self._unlock()
            raise error.CannotListenError(None, self.port, e) from None
        return skt

    def _removeStaleSocket(self) -> None:
        try:
            os.remove(self.port)
        except FileNotFoundError:
            pass

    def _unlock(self) -> None:
        if self._locked:
            self._locked = False
            try:
                os.remove(_lockPath(self.port))
            except FileNotFoundError:
                pass

    def _cleanupSocket(self) -> None:
        if self._ownsPath and not isAbstract(self.port):
            try:
                os.unlink(self.port)
            except OSError:
                pass
        self._unlock()

    def _peerAddress(self, peer: Any) -> UNIXAddress:
        return UNIXAddress(peer or None)

    _logKind = "UNIX"

    def _logName(self, closing: bool = False) -> str:
        return self.port if closing else repr(self.port)  # As Twisted words them.

    def getHost(self) -> UNIXAddress:
        """The socket path."""
        return UNIXAddress(self.port)

    def __repr__(self) -> str:
        return f"<{type(self.factory).__name__} on {self.port!r}>"


def adoptConnection(skt: socket.socket, factory: Any, reactor: Any) -> Server | None:
    """Run a protocol from ``factory`` on ``skt``, a UNIX connection made elsewhere."""
    peer = skt.getpeername()
    protocol = factory.buildProtocol(UNIXAddress(peer or None))
    if protocol is None:
        skt.close()
        return None
    transport = Server(skt, protocol, peer, None, 0, reactor)
    tcp.startServerConnection(transport, protocol)
    return transport


@implementer(IUNIXTransport)
class Client(_DescriptorPassing, tcp.BaseClient, tcp.StreamConnection):
    """A UNIX stream client connection."""

    def __init__(self, address: str, connector: Any, checkPID: int, reactor: Any) -> None:
        super().__init__(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM), None, reactor)
        self.connector = connector
        self.addr = address
        if checkPID and not isLocked(_lockPath(address)):
            reactor.callLater(0, self.failIfNotConnected, error.BadFileError(address))
        else:
            reactor.callLater(0, self._startConnecting, address, connector)

    def getHost(self) -> UNIXAddress:
        """Our (usually unnamed) end."""
        return UNIXAddress(self.socket.getsockname() or None)

    def getPeer(self) -> UNIXAddress:
        """The socket path we connected to."""
        return UNIXAddress(self.addr)


class Connector(tcp.BaseConnector):
    """A UNIX stream connector."""

    def __init__(self, address: str, factory: Any, timeout: float | None, checkPID: int,
                 reactor: Any) -> None:
        self.address = os.fsdecode(address)
        self.checkPID = checkPID
        super().__init__(factory, timeout, reactor)

    def _makeTransport(self) -> Client:
        return Client(self.address, self, self.checkPID, self.reactor)

    def getDestination(self) -> UNIXAddress:
        """The socket path being connected to."""
        return UNIXAddress(self.address)


@implementer(IListeningPort, ITransport)
class DatagramPort:
    """A UNIX datagram socket bound to a path, delivering to a DatagramProtocol."""

    connected = False
    _fd = -1
    _stopped: Any = None

    def __init__(self, address: str | None, protocol: Any, maxPacketSize: int = 8192,
                 mode: int = 0o666, reactor: Any = None) -> None:
        self.port = os.fsdecode(address) if address is not None else None
        self.protocol = protocol
        self.maxPacketSize = maxPacketSize
        self.mode = mode
        self.reactor = reactor

    def fileno(self) -> int:
        """The socket's descriptor, -1 once closed."""
        return self._fd

    def _bindSocket(self) -> None:
        skt = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if self.port is not None:
            try:
                skt.bind(self.port)
                if not isAbstract(self.port):
                    os.chmod(self.port, self.mode)
            except OSError as e:
                skt.close()
                raise error.CannotListenError(None, self.port, e) from None
        skt.setblocking(False)
        self.socket = skt
        self._fd = skt.fileno()

    def startListening(self) -> None:
        """Bind, attach the protocol and start receiving."""
        self._bindSocket()
        self._connectToProtocol()

    def _connectToProtocol(self) -> None:
        self.connected = True
        self.protocol.makeConnection(self)
        self.reactor.addReader(self)

    def doRead(self) -> None:
        """Deliver the datagrams waiting (a bounded batch)."""
        for _ in range(64):
            try:
                data, addr = self.socket.recvfrom(self.maxPacketSize)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                log.msg(f"UNIX datagram receive error: {e}")
                return
            self._deliver(data, addr)

    def _deliver(self, data: bytes, addr: Any) -> None:
        try:
            self.protocol.datagramReceived(data, addr or None)
        except BaseException:
            log.err()

    def write(self, datagram: bytes, address: str) -> None:
        """Send one datagram to the socket at ``address``."""
        try:
            self.socket.sendto(datagram, address)
        except BlockingIOError:
            return
        except OSError as e:
            if e.errno == errno.EMSGSIZE:
                raise error.MessageLengthError("message too long") from None
            raise

    def writeSequence(self, seq: Any, address: str) -> None:
        """Send the concatenation of ``seq`` as one datagram."""
        self.write(b"".join(seq), address)

    def loseConnection(self) -> None:
        """Stop receiving and close in the next pass."""
        self.reactor.removeReader(self)
        if self.connected:
            self.reactor.callLater(0, self.connectionLost)

    def stopListening(self) -> Any:
        """Close; the returned Deferred fires once closed."""
        from refreactor.internet.defer import Deferred

        result = None
        if self.connected:
            result = self._stopped = Deferred()
        self.loseConnection()
        return result

    def connectionLost(self, reason: Failure | None = None) -> None:
        """Close the socket (leaving its path, as Twisted does) and stop the protocol."""
        if not self.connected:
            return
        self.connected = False
        self.reactor.removeReader(self)
        self.socket.close()
        self._fd = -1
        self.protocol.doStop()
        if self._stopped is not None:
            stopped, self._stopped = self._stopped, None
            stopped.callback(None)

    def getHost(self) -> UNIXAddress:
        """The bound path."""
        return UNIXAddress(self.port)

    def getPeer(self) -> UNIXAddress:
        """Unconnected sockets have no peer."""
        return UNIXAddress(None)

    def logPrefix(self) -> str:
        """Names the port after its protocol."""
        return type(self.protocol).__name__


class ConnectedDatagramPort(DatagramPort):
    """A UNIX datagram socket connected to one peer path."""

    def __init__(self, address: str, protocol: Any, maxPacketSize: int = 8192,
                 mode: int = 0o666, bindAddress: str | None = None, reactor: Any = None) -> None:
        super().__init__(bindAddress, protocol, maxPacketSize, mode, reactor)
        self.remoteaddr = os.fsdecode(address)

    def startListening(self) -> None:
        """Bind, connect to the peer and attach the protocol; failures reach the protocol."""
        try:
            self._bindSocket()
            self.socket.connect(self.remoteaddr)
        except BaseException:
            self._connectionFailed(Failure())
            return
        self._connectToProtocol()

    def _connectionFailed(self, reason: Failure) -> None:
        if self._fd != -1:
            self.socket.close()
            self._fd = -1
        self.protocol.connectionFailed(reason)

    def _deliver(self, data: bytes, addr: Any) -> None:
        try:
            self.protocol.datagramReceived(data)
        except BaseException:
            log.err()

    def write(self, data: bytes) -> None:  # type: ignore[override]
        """Send one datagram to the peer."""
        try:
            self.socket.send(data)
        except BlockingIOError:
            return
        except OSError as e:
            if e.errno == errno.EMSGSIZE:
                raise error.MessageLengthError("message too long") from None
            if e.errno in (errno.ECONNREFUSED, errno.ENOENT):
                self.protocol.connectionRefused()
                return
            raise

    def getPeer(self) -> UNIXAddress:
        """The peer path."""
        return UNIXAddress(self.remoteaddr)

