"""TCP on real loopback sockets: echo (IPv4 and IPv6), factory lifecycle, errors, closing."""

import socket

import pytest
from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred, DeferredList
from refreactor.internet.interfaces import IHalfCloseableProtocol
from zope.interface import implementer


class Echo(protocol.Protocol):
    """Sends back what it receives."""

    def dataReceived(self, data):
        self.transport.write(data)


class Collector(protocol.Protocol):
    """Sends ``message`` on connect; fires ``done`` with what came back when the link closes."""

    message = b"hello"

    def connectionMade(self):
        self.received = []
        self.transport.write(self.message)

    def dataReceived(self, data):
        self.received.append(data)
        if len(b"".join(self.received)) >= len(self.message):
            self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.done.callback((b"".join(self.received), reason))


class CollectorFactory(protocol.ClientFactory):
    protocol = Collector

    def __init__(self):
        self.done = Deferred()
        self.events = []

    def startedConnecting(self, connector):
        self.events.append("startedConnecting")

    def clientConnectionLost(self, connector, reason):
        self.events.append(("lost", reason.type))

    def clientConnectionFailed(self, connector, reason):
        self.events.append(("failed", reason.type))
        self.done.errback(reason)


def _echoRoundTrip(reactor, interface, message):
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface=interface)
    factory = CollectorFactory()
    Collector.message = message
    reactor.connectTCP(interface, port.getHost().port, factory)

    def check(result):
        data, reason = result
        return port.stopListening().addCallback(lambda _: (data, reason, factory.events))

    return factory.done.addCallback(check)


@pytest.mark.parametrize("interface", ["127.0.0.1", "::1"])
def test_echo_round_trip(reactor, run, interface):
    data, reason, events = run(_echoRoundTrip, reactor, interface, b"x" * 300_000)
    assert data == b"x" * 300_000
    assert reason.check(error.ConnectionDone)
    assert events == ["startedConnecting", ("lost", error.ConnectionDone)]


def test_addresses_and_options(reactor, run):
    seen = {}

    class Probe(protocol.Protocol):
        def connectionMade(self):
            t = self.transport
            t.setTcpNoDelay(True)
            t.setTcpKeepAlive(True)
            seen.update(host=t.getHost(), peer=t.getPeer(), nodelay=t.getTcpNoDelay(),
                        keepalive=t.getTcpKeepAlive())
            t.loseConnection()

        def connectionLost(self, reason):
            self.factory.done.callback(None)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(Probe)
    factory.done = Deferred()
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(lambda: factory.done.addCallback(lambda _: port.stopListening()))
    assert seen["peer"].port == port.getHost().port == connector.getDestination().port
    assert seen["host"].host == "127.0.0.1" and seen["host"].type == "TCP"
    assert seen["nodelay"] and seen["keepalive"]


def test_cannot_listen_on_a_bound_port(reactor):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    try:
        with pytest.raises(error.CannotListenError) as info:
            reactor.listenTCP(holder.getsockname()[1], protocol.Factory(), interface="127.0.0.1")
        assert info.value.port == holder.getsockname()[1]
    finally:
        holder.close()


def test_connection_refused(reactor, run):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    port = holder.getsockname()[1]
    holder.close()
    factory = CollectorFactory()
    reactor.connectTCP("127.0.0.1", port, factory)
    with pytest.raises(error.ConnectionRefusedError):
        run(lambda: factory.done)
    assert factory.events == ["startedConnecting", ("failed", error.ConnectionRefusedError)]
    assert factory.numPorts == 0


def test_stop_connecting_reports_user_error(reactor, run):
    factory = CollectorFactory()
    connector = reactor.connectTCP("127.0.0.1", 9, factory)
    connector.stopConnecting()
    with pytest.raises(error.UserError):
        run(lambda: factory.done)
    with pytest.raises(error.NotConnectingError):
        connector.stopConnecting()


def test_connect_timeout(reactor, run):
    # A listener whose backlog is full and never accepts makes the kernel drop further SYNs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    try:
        for _ in range(3):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(listener.getsockname())
            fillers.append(s)
        factory = CollectorFactory()
        reactor.connectTCP("127.0.0.1", listener.getsockname()[1], factory, timeout=0.3)
        with pytest.raises(error.TimeoutError):
            run(lambda: factory.done)
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_exception_in_callback_drops_only_that_connection(reactor, run):
    """An exception in dataReceived is logged, its connection dropped, the others go on."""
    from refreactor.python import log

    logged = []
    log.addObserver(logged.append)

    class Fragile(protocol.Protocol):
        def dataReceived(self, data):
            if data == b"boom":
                raise ZeroDivisionError("fragile")
            self.transport.write(data)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Fragile), interface="127.0.0.1")
    bad, good = CollectorFactory(), CollectorFactory()
    bad.protocol = type("Bad", (Collector,), {"message": b"boom"})
    good.protocol = type("Good", (Collector,), {"message": b"fine"})
    reactor.connectTCP("127.0.0.1", port.getHost().port, bad)
    reactor.connectTCP("127.0.0.1", port.getHost().port, good)
    try:
        results = run(lambda: DeferredList([bad.done, good.done]).addCallback(
            lambda r: port.stopListening().addCallback(lambda _: r)))
    finally:
        log.removeObserver(logged.append)
    (_, (badData, badReason)), (_, (goodData, _)) = results
    assert badData == b"" and badReason.check(error.ConnectionLost, error.ConnectionDone)
    assert goodData == b"fine"
    failures = [e["failure"] for e in logged if e.get("isError")]
    assert [f.type for f in failures] == [ZeroDivisionError]


def test_half_close(reactor, run):
    @implementer(IHalfCloseableProtocol)
    class HalfCloser(protocol.Protocol):
        def connectionMade(self):
            self.received = b""
            self.transport.write(b"request")
            self.transport.loseWriteConnection()

        def dataReceived(self, data):
            self.received += data

        def readConnectionLost(self):
            self.transport.loseConnection()

        def writeConnectionLost(self):
            self.factory.events.append("writeConnectionLost")

        def connectionLost(self, reason):
            self.factory.done.callback(self.received)

    class AnswerAtEOF(protocol.Protocol):
        """Not half-closeable: the peer's half-close ends the connection, answer first."""

        def dataReceived(self, data):
            self.transport.write(data.upper())

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(AnswerAtEOF), interface="127.0.0.1")
    factory = CollectorFactory()
    factory.protocol = HalfCloser
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    received = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert received == b"REQUEST"
    assert factory.events[1] == "writeConnectionLost"


def test_abort_connection_discards_queue(reactor, run):
    class Aborter(protocol.Protocol):
        def connectionMade(self):
            self.transport.write(b"x" * 5_000_000)
            self.transport.abortConnection()

        def connectionLost(self, reason):
            self.factory.done.callback([reason])

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(protocol.Protocol),
                             interface="127.0.0.1")
    factory = CollectorFactory()
    factory.protocol = Aborter
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    [reason] = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert reason.check(error.ConnectionAborted)


def test_push_producer_is_paused_and_resumed(reactor, run):
    events = []

    class Producer:
        def __init__(self, transport):
            self.transport = transport
            self.sent = 0
            self.paused = False

        def pauseProducing(self):
            events.append("pause")
            self.paused = True

        def resumeProducing(self):
            events.append("resume")
            self.paused = False
            self.produce()

        def stopProducing(self):
            events.append("stop")

        def produce(self):
            while not self.paused and self.sent < 2_000_000:
                self.transport.write(b"y" * 100_000)
                self.sent += 100_000
            if self.sent >= 2_000_000 and not self.paused:
                self.transport.unregisterProducer()
                self.transport.loseConnection()

    class Streamer(protocol.Protocol):
        def connectionMade(self):
            producer = Producer(self.transport)
            self.transport.registerProducer(producer, True)
            producer.produce()

    class Counter(protocol.Protocol):
        def connectionMade(self):
            self.count = 0

        def dataReceived(self, data):
            self.count += len(data)

        def connectionLost(self, reason):
            self.factory.done.callback(self.count)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Streamer), interface="127.0.0.1")
    factory = CollectorFactory()
    factory.protocol = Counter
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    count = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert count == 2_000_000
    assert events[0] == "pause" and "resume" in events


def test_pull_producer_is_asked_for_more(reactor, run):
    class Pull:
        def __init__(self, transport):
            self.transport = transport
            self.chunks = 5

        def resumeProducing(self):
            if self.chunks:
                self.chunks -= 1
                self.transport.write(b"chunk;")
            else:
                self.transport.unregisterProducer()
                self.transport.loseConnection()

        def stopProducing(self):
            pass

    class Puller(protocol.Protocol):
        def connectionMade(self):
            self.transport.registerProducer(Pull(self.transport), False)

    class Reader(protocol.Protocol):
        def connectionMade(self):
            self.data = b""

        def dataReceived(self, data):
            self.data += data

        def connectionLost(self, reason):
            self.factory.done.callback(self.data)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Puller), interface="127.0.0.1")
    factory = CollectorFactory()
    factory.protocol = Reader
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    data = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert data == b"chunk;" * 5


def test_factory_start_and_stop_follow_the_port(reactor, run):
    calls = []

    class Tracking(protocol.Factory):
        def startFactory(self):
            calls.append("start")

        def stopFactory(self):
            calls.append("stop")

    port = reactor.listenTCP(0, Tracking(), interface="127.0.0.1")
    assert calls == ["start"]
    run(port.stopListening)
    assert calls == ["start", "stop"]
    assert port.stopListening() is None


def test_client_creator_gives_the_connected_protocol(reactor, run):
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    creator = protocol.ClientCreator(reactor, Collector)

    def connected(p):
        assert p.transport.getPeer().port == port.getHost().port
        p.transport.loseConnection()
        return port.stopListening()

    run(lambda: creator.connectTCP("127.0.0.1", port.getHost().port).addCallback(connected))


def test_reconnecting_factory_retries_then_gives_up(reactor, run):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    closedPort = holder.getsockname()[1]
    holder.close()
    attempts = []

    class Retrying(protocol.ReconnectingClientFactory):
        maxRetries = 3
        initialDelay = delay = 0.01  # delay starts from the class's own initialDelay
        factor = 1.5
        jitter = 0

        def clientConnectionFailed(self, connector, reason):
            attempts.append(reason.type)
            super().clientConnectionFailed(connector, reason)
            if self.retries > self.maxRetries:
                done.callback(None)

    done = Deferred()
    factory = Retrying()
    factory.clock = reactor
    reactor.connectTCP("127.0.0.1", closedPort, factory)
    run(lambda: done)
    assert attempts == [error.ConnectionRefusedError] * 4
    assert factory.delay == pytest.approx(0.01 * 1.5**3)


def test_listening_with_a_binding_sets_its_socket_options(reactor):
    from refreactor.internet.tcp import makeBinding

    port = reactor.listenTCP(makeBinding("127.0.0.1", 0, reusePort=True),
                             protocol.Factory.forProtocol(Echo))
    try:
        options = (port.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT),
                   port.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
        assert options == (1, 0)
        assert port.getHost().host == "127.0.0.1"
    finally:
        port.connectionLost(None)
    with pytest.raises(ValueError):
        reactor.listenTCP(makeBinding("127.0.0.1", 0), protocol.Factory(), interface="::1")
    plain = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    try:  # A port number alone keeps the old default: SO_REUSEADDR on.
        assert plain.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
    finally:
        plain.connectionLost(None)


def test_connecting_with_a_binding_binds_the_client_there(reactor, run):
    from refreactor.internet.tcp import makeBinding

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    factory = CollectorFactory()
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, factory,
                                   bindAddress=makeBinding("127.0.0.1", 0, reuseAddress=True))
    client = connector.transport.socket
    assert client.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
    assert client.getsockname()[0] == "127.0.0.1"
    Collector.message = b"bound"
    received, _ = run(lambda: factory.done)
    port.connectionLost(None)
    assert received == b"bound"
