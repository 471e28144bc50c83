"""refreactor.application.internet: services owning ports, connections and timers."""

import pickle
import socket

from refreactor.application import internet, service
from refreactor.internet import defer, protocol, task


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    """Client side: sends a greeting, fires the factory's Deferred with the reply."""

    def connectionMade(self):
        self.transport.write(b"hello")

    def dataReceived(self, data):
        self.factory.reply.callback(data)
        self.transport.loseConnection()


class EchoUDP(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(data, addr)


def test_tcp_server_and_client_follow_the_service_lifecycle(reactor, run):
    server = internet.TCPServer(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1",
                                reactor=reactor)
    server.privilegedStartService()
    port = server._port.getHost().port
    clientFactory = protocol.ClientFactory.forProtocol(Greeter)
    clientFactory.reply = defer.Deferred()
    client = internet.TCPClient("127.0.0.1", port, clientFactory, reactor=reactor)
    parent = service.MultiService()
    server.setServiceParent(parent)
    client.setServiceParent(parent)

    def go():
        parent.startService()
        return clientFactory.reply.addCallback(
            lambda reply: parent.stopService().addCallback(lambda _: reply))

    assert run(go) == b"hello"
    assert server._port is None and not server.running
    probe = socket.socket()
    try:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    finally:
        probe.close()


def test_udp_server(reactor, run):
    server = internet.UDPServer(0, EchoUDP(), interface="127.0.0.1", reactor=reactor)
    server.startService()
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.bind(("127.0.0.1", 0))
    sender.setblocking(False)

    def go():
        sender.sendto(b"dgram", ("127.0.0.1", server._port.getHost().port))
        got = defer.Deferred()

        def poll():
            try:
                got.callback(sender.recv(100))
            except BlockingIOError:
                reactor.callLater(0.01, poll)

        poll()
        return got.addCallback(lambda data: server.stopService().addCallback(lambda _: data))

    try:
        assert run(go) == b"dgram"
    finally:
        sender.close()


def test_timer_service_calls_at_once_and_repeatedly_until_stopped():
    clock = task.Clock()
    calls = []
    timer = internet.TimerService(5, calls.append, "tick")
    timer.clock = clock
    timer.startService()
    assert calls == ["tick"]
    clock.advance(5)
    clock.advance(5)
    assert calls == ["tick"] * 3
    stopped = []
    timer.stopService().addCallback(stopped.append)
    clock.advance(50)
    assert len(calls) == 3 and len(stopped) == 1


def test_timer_service_logs_an_exception_and_stops():
    from refreactor.python import log

    errors = []

    def observe(event):
        if event.get("isError"):
            errors.append(event["failure"].type)

    clock = task.Clock()
    timer = internet.TimerService(1, lambda: 1 / 0)
    timer.clock = clock
    log.addObserver(observe)
    try:
        timer.startService()
    finally:
        log.removeObserver(observe)
    assert errors == [ZeroDivisionError]
    assert timer.stopService().called


def test_live_ports_are_not_pickled(reactor):
    server = internet.TCPServer(0, protocol.Factory(), interface="127.0.0.1")
    server.reactor = reactor
    server.startService()
    try:
        state = pickle.loads(pickle.dumps(server)).__dict__
        assert "_port" not in state and "running" not in state
        assert state["args"][0] == 0
    finally:
        server.stopService()
        reactor.iterate(0)
