"""IReactorUDP on the reference reactor: datagrams over real loopback sockets."""

import socket

import pytest
from refreactor.internet import defer, error, protocol
from refreactor.internet.address import IPv4Address, IPv6Address
from refreactor.internet.interfaces import IListeningPort, IReactorUDP, IUDPTransport
from zope.interface.verify import verifyObject


class Echo(protocol.DatagramProtocol):
    """Sends every datagram back to where it came from."""

    def datagramReceived(self, data, addr):
        self.transport.write(data, addr)


class Collector(protocol.DatagramProtocol):
    """Collects datagrams; ``done`` fires once ``expected`` have arrived."""

    def __init__(self, expected=1):
        self.expected = expected
        self.received = []
        self.events = []
        self.done = defer.Deferred()
        self.stopped = defer.Deferred()

    def startProtocol(self):
        self.events.append("start")

    def stopProtocol(self):
        self.events.append("stop")
        self.stopped.callback(None)

    def datagramReceived(self, data, addr):
        self.received.append((data, addr))
        if len(self.received) == self.expected:
            self.done.callback(self.received)

    def connectionRefused(self):
        self.events.append("refused")
        self.done.callback("refused")


def test_interfaces(reactor):
    assert verifyObject(IReactorUDP, reactor)
    port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    assert verifyObject(IUDPTransport, port)
    assert verifyObject(IListeningPort, port)
    port.stopListening()
    port.connectionLost()


def test_echo_and_addresses(reactor, run):
    server = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    client = Collector(3)
    clientPort = reactor.listenUDP(0, client, interface="127.0.0.1")
    host = server.getHost()
    assert isinstance(host, IPv4Address) and host.type == "UDP" and host.port > 0

    def go():
        for i in range(3):
            clientPort.write(b"ping %d" % i, ("127.0.0.1", host.port))
        return client.done.addCallback(
            lambda got: defer.gatherResults([server.stopListening(), clientPort.stopListening()])
            .addCallback(lambda _: got))

    got = run(go)
    assert got == [(b"ping %d" % i, ("127.0.0.1", host.port)) for i in range(3)]
    assert client.events == ["start", "stop"]


def test_connected_udp_to_a_closed_port_closes_the_port(reactor, run):
    # As on Twisted's epoll reactor: the ICMP error shows as EPOLLERR, which ends the port.
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    deadPort = closed.getsockname()[1]
    closed.close()
    client = Collector()
    port = reactor.listenUDP(0, client, interface="127.0.0.1")
    port.connect("127.0.0.1", deadPort)
    with pytest.raises(RuntimeError):
        port.connect("127.0.0.1", deadPort)

    def go():
        port.write(b"anyone?")
        return client.stopped

    run(go)
    assert client.events == ["start", "stop"]
    assert port.socket is None


def test_connected_udp_exchange(reactor, run):
    echo = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    client = Collector(2)
    port = reactor.listenUDP(0, client, interface="127.0.0.1")
    port.connect("127.0.0.1", echo.getHost().port)
    with pytest.raises(ValueError):
        port.write(b"elsewhere", ("127.0.0.1", 9))

    def go():
        port.write(b"one")
        port.writeSequence([b"t", b"wo"], None)
        return client.done.addCallback(lambda r: defer.gatherResults(
            [port.stopListening(), echo.stopListening()]).addCallback(lambda _: r))

    assert [d for d, _ in run(go)] == [b"one", b"two"]


def test_unconnected_write_to_closed_port_is_silent(reactor, run):
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    deadPort = closed.getsockname()[1]
    closed.close()
    client = Collector()
    port = reactor.listenUDP(0, client, interface="127.0.0.1")
    echo = reactor.listenUDP(0, Echo(), interface="127.0.0.1")

    def go():
        port.write(b"lost", ("127.0.0.1", deadPort))
        port.write(b"kept", ("127.0.0.1", echo.getHost().port))
        return client.done.addCallback(lambda r: defer.gatherResults(
            [port.stopListening(), echo.stopListening()]).addCallback(lambda _: r))

    assert [d for d, _ in run(go)] == [b"kept"]
    assert "refused" not in client.events


def test_ipv6(reactor, run):
    server = reactor.listenUDP(0, Echo(), interface="::1")
    host = server.getHost()
    assert isinstance(host, IPv6Address) and host.host == "::1"
    client = Collector()
    clientPort = reactor.listenUDP(0, client, interface="::1")

    def go():
        clientPort.write(b"six", ("::1", host.port))
        return client.done.addCallback(lambda r: defer.gatherResults(
            [server.stopListening(), clientPort.stopListening()]).addCallback(lambda _: r))

    assert run(go) == [(b"six", ("::1", host.port))]


def test_cannot_listen_on_a_busy_port(reactor):
    busy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    busy.bind(("127.0.0.1", 0))
    try:
        with pytest.raises(error.CannotListenError):
            reactor.listenUDP(busy.getsockname()[1], Echo(), interface="127.0.0.1")
    finally:
        busy.close()


def test_exception_in_datagram_received_is_logged(reactor, run):
    from refreactor.python import log

    errors = []

    def observe(event):
        if event.get("isError"):
            errors.append(event["failure"].type)

    class Fragile(Collector):
        def datagramReceived(self, data, addr):
            if data == b"bad":
                raise ValueError(data)
            Collector.datagramReceived(self, data, addr)

    fragile = Fragile()
    port = reactor.listenUDP(0, fragile, interface="127.0.0.1")
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    log.addObserver(observe)
    try:
        def go():
            for data in (b"bad", b"good"):
                sender.sendto(data, ("127.0.0.1", port.getHost().port))
            return fragile.done.addCallback(lambda r: port.stopListening().addCallback(lambda _: r))

        assert [d for d, _ in run(go)] == [b"good"]
    finally:
        log.removeObserver(observe)
        sender.close()
    assert errors == [ValueError]


def test_broadcast_flag(reactor):
    port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    assert not port.getBroadcastAllowed()
    port.setBroadcastAllowed(True)
    assert port.getBroadcastAllowed()
    port.stopListening()
    port.connectionLost()


def test_message_too_long(reactor):
    port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    try:
        with pytest.raises(error.MessageLengthError):
            port.write(b"x" * 70000, ("127.0.0.1", port.getHost().port))
    finally:
        port.stopListening()
        port.connectionLost()
