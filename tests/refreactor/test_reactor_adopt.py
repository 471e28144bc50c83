"""IReactorSocket: the reactor runs listening, connected and datagram sockets made elsewhere."""

import socket

import pytest
from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred, inlineCallbacks
from refreactor.internet.interfaces import IReactorSocket


class Greeter(protocol.Protocol):
    """Says hello, then closes; ``factory.lost`` fires when the connection ends."""

    def connectionMade(self):
        self.transport.write(b"hello from " + type(self.transport).__name__.encode())
        self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.lost.callback(None)


class GreeterFactory(protocol.Factory):
    protocol = Greeter

    def __init__(self):
        self.lost = Deferred()
        self.addresses = []

    def buildProtocol(self, addr):
        self.addresses.append(addr)
        return super().buildProtocol(addr)


def _readAll(skt):
    skt.setblocking(True)
    chunks = []
    while chunk := skt.recv(100):
        chunks.append(chunk)
    return b"".join(chunks)


def test_the_reactor_provides_ireactorsocket(reactor):
    assert IReactorSocket.providedBy(reactor)


@pytest.mark.parametrize("family,host", [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")])
def test_adopted_stream_port_accepts_and_the_caller_may_close_its_descriptor(
        reactor, run, family, host):
    mine = socket.socket(family, socket.SOCK_STREAM)
    mine.bind((host, 0))
    mine.listen(5)
    mine.setblocking(False)
    factory = GreeterFactory()
    port = reactor.adoptStreamPort(mine.fileno(), family, factory)
    mine.close()  # The reactor works on its own duplicate.
    assert port.getHost().host == host
    peer = socket.create_connection((host, port.getHost().port))

    @inlineCallbacks
    def serveOnce():
        yield factory.lost
        yield port.stopListening()

    run(serveOnce)
    assert _readAll(peer) == b"hello from Server"
    assert factory.addresses[0].host == host
    peer.close()


def test_adopted_stream_connection_runs_a_protocol(reactor, run):
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    factory = GreeterFactory()
    reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX, factory)
    ours.close()
    run(lambda: factory.lost)
    assert _readAll(theirs) == b"hello from Server"
    theirs.close()


def test_adopted_datagram_port_delivers_datagrams(reactor, run):
    class Receiver(protocol.DatagramProtocol):
        def __init__(self):
            self.got = Deferred()

        def datagramReceived(self, data, addr):
            self.got.callback(data)

    mine = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    mine.bind(("127.0.0.1", 0))
    mine.setblocking(False)
    receiver = Receiver()
    port = reactor.adoptDatagramPort(mine.fileno(), socket.AF_INET, receiver)
    mine.close()
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.sendto(b"ping", ("127.0.0.1", port.getHost().port))

    @inlineCallbacks
    def receiveOnce():
        data = yield receiver.got
        yield port.stopListening()
        return data

    assert run(receiveOnce) == b"ping"
    sender.close()


def test_unsupported_families_are_refused(reactor):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as skt:
        with pytest.raises(error.UnsupportedAddressFamily):
            reactor.adoptDatagramPort(skt.fileno(), socket.AF_UNIX, protocol.DatagramProtocol())
        with pytest.raises(error.UnsupportedAddressFamily):
            reactor.adoptStreamPort(skt.fileno(), socket.AF_PACKET, protocol.Factory())
