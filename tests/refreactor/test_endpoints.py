"""twisted.internet.endpoints on refreactor: real loopback sockets, descriptions, failures."""

import socket

import pytest
from refreactor.internet import endpoints, error, protocol
from refreactor.internet.address import HostnameAddress, IPv4Address, IPv6Address, UNIXAddress
from refreactor.internet.defer import Deferred, DeferredList
from refreactor.internet.interfaces import (
    IHalfCloseableProtocol,
    IStreamClientEndpoint,
    IStreamServerEndpoint,
)
from refreactor.internet.testing import MemoryReactorClock
from zope.interface import implementer
from zope.interface.verify import verifyObject


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    """Sends ``hello``; fires ``answered`` with the echo."""

    def __init__(self):
        self.answered = Deferred()
        self.received = b""

    def connectionMade(self):
        self.transport.write(b"hello")

    def dataReceived(self, data):
        self.received += data
        if self.received == b"hello":
            self.transport.loseConnection()
            self.answered.callback(self.received)


def _echoThrough(serverEndpoint, clientFor):
    """Listen on ``serverEndpoint``, connect with ``clientFor(port)``, return the echo."""
    listening = serverEndpoint.listen(protocol.Factory.forProtocol(Echo))

    def connect(port):
        client = clientFor(port)
        verifyObject(IStreamClientEndpoint, client)
        connected = endpoints.connectProtocol(client, Greeter())
        connected.addCallback(lambda greeter: greeter.answered)
        return connected.addCallback(
            lambda echoed: port.stopListening().addCallback(lambda _: (echoed, port)))

    return listening.addCallback(connect)


def test_tcp4_endpoints(reactor, run):
    server = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")
    verifyObject(IStreamServerEndpoint, server)
    echoed, port = run(_echoThrough, server, lambda port: endpoints.TCP4ClientEndpoint(
        reactor, "127.0.0.1", port.getHost().port))
    assert echoed == b"hello" and isinstance(port.getHost(), IPv4Address)


def test_tcp6_endpoints(reactor, run):
    server = endpoints.TCP6ServerEndpoint(reactor, 0, interface="::1")
    echoed, port = run(_echoThrough, server, lambda port: endpoints.TCP6ClientEndpoint(
        reactor, "::1", port.getHost().port))
    assert echoed == b"hello" and isinstance(port.getHost(), IPv6Address)


def test_unix_endpoints(reactor, run, tmp_path):
    path = str(tmp_path / "sock")
    server = endpoints.UNIXServerEndpoint(reactor, path)
    echoed, port = run(_echoThrough, server,
                       lambda port: endpoints.UNIXClientEndpoint(reactor, path))
    assert echoed == b"hello" and port.getHost() == UNIXAddress(path)


def test_tcp_descriptions_on_real_sockets(reactor, run):
    server = endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
    echoed, _ = run(_echoThrough, server, lambda port: endpoints.clientFromString(
        reactor, f"tcp:host=127.0.0.1:port={port.getHost().port}:timeout=5"))
    assert echoed == b"hello"


def test_unix_descriptions_on_real_sockets(reactor, run, tmp_path):
    path = str(tmp_path / "a:b")
    server = endpoints.serverFromString(
        reactor, "unix:" + endpoints.quoteStringArgument(path) + ":mode=600:lockfile=0")
    echoed, _ = run(_echoThrough, server, lambda port: endpoints.clientFromString(
        reactor, "unix:path=" + endpoints.quoteStringArgument(path)))
    assert echoed == b"hello"


def test_hostname_endpoint_tries_the_addresses_of_localhost(reactor, run):
    server = endpoints.TCP6ServerEndpoint(reactor, 0, interface="::")
    echoed, _ = run(_echoThrough, server, lambda port: endpoints.HostnameEndpoint(
        reactor, b"localhost", port.getHost().port))
    assert echoed == b"hello"


def _freePort(family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _failureOf(d):
    """A Deferred of ``(failure,)``: a Failure cannot be a Deferred's successful result."""
    return d.addCallbacks(lambda r: pytest.fail(f"expected a failure, got {r!r}"),
                          lambda f: (f,))


def test_connection_refused_fails_the_deferred(reactor, run):
    port = _freePort()
    attempts = [endpoint.connect(protocol.Factory.forProtocol(Greeter)) for endpoint in (
        endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port),
        endpoints.HostnameEndpoint(reactor, "127.0.0.1", port))]
    failures = run(lambda: DeferredList([_failureOf(d) for d in attempts]))
    assert [f.check(error.ConnectionRefusedError) for _, (f,) in failures] == [
        error.ConnectionRefusedError] * 2


def test_listen_on_a_busy_port_fails_with_cannot_listen(reactor, run):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        endpoint = endpoints.TCP4ServerEndpoint(reactor, busy.getsockname()[1],
                                                interface="127.0.0.1")
        (failure,) = run(_failureOf, endpoint.listen(protocol.Factory.forProtocol(Echo)))
    assert failure.check(error.CannotListenError)


def test_factory_building_no_protocol_fails_with_no_protocol(reactor, run):
    class Refusing(protocol.Factory):
        def buildProtocol(self, addr):
            return None

    def attempt(port):
        d = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port).connect(
            Refusing())
        return _failureOf(d).addCallback(
            lambda f: port.stopListening().addCallback(lambda _: f))

    listening = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(
        protocol.Factory.forProtocol(Echo))
    (failure,) = run(lambda: listening.addCallback(attempt))
    assert failure.check(error.NoProtocol)


def test_cancelling_a_connect_stops_the_connector():
    reactor = MemoryReactorClock()
    d = endpoints.TCP4ClientEndpoint(reactor, "10.0.0.7", 1234).connect(protocol.Factory())
    failures = []
    d.addErrback(failures.append)
    d.cancel()
    assert failures[0].check(error.ConnectingCancelledError)
    assert failures[0].value.address == IPv4Address("TCP", "10.0.0.7", 1234)
    assert reactor.connectors[0].stoppedConnecting


def test_hostname_endpoint_attempts_each_address_after_the_delay():
    reactor = MemoryReactorClock()
    endpoint = endpoints.HostnameEndpoint(reactor, "::1", 80, attemptDelay=1)
    assert repr(endpoint) == "<HostnameEndpoint [::1]:80>"
    d = endpoint.connect(protocol.Factory())
    assert [c[0] for c in reactor.tcpClients] == ["::1"]
    failures = []
    d.addErrback(failures.append)
    d.cancel()
    assert failures[0].value.address == HostnameAddress(b"::1", 80)
    assert reactor.connectors[0].stoppedConnecting


def test_half_closeable_protocols_stay_half_closeable_through_the_wrapper(reactor, run):
    @implementer(IHalfCloseableProtocol)
    class HalfCloser(protocol.Protocol):
        def __init__(self):
            self.done = Deferred()

        def connectionMade(self):
            self.transport.write(b"ping")
            self.transport.loseWriteConnection()

        def readConnectionLost(self):
            self.transport.loseConnection()

        def writeConnectionLost(self):
            pass

        def dataReceived(self, data):
            pass

        def connectionLost(self, reason):
            self.done.callback(reason.type)

    @implementer(IHalfCloseableProtocol)
    class HalfEcho(Echo):
        def readConnectionLost(self):
            self.transport.loseWriteConnection()

        def writeConnectionLost(self):
            self.transport.loseConnection()

    def connect(port):
        client = HalfCloser()
        endpoint = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port)
        endpoints.connectProtocol(endpoint, client)
        return client.done.addCallback(lambda t: port.stopListening().addCallback(lambda _: t))

    listening = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(
        protocol.Factory.forProtocol(HalfEcho))
    assert run(lambda: listening.addCallback(connect)) is error.ConnectionDone


@pytest.mark.parametrize("description,kind,attrs", [
    ("tcp:80", endpoints.TCP4ServerEndpoint, {"_port": 80, "_interface": "", "_backlog": 50}),
    ("tcp:port=81:interface=127.0.0.1:backlog=5", endpoints.TCP4ServerEndpoint,
     {"_port": 81, "_interface": "127.0.0.1", "_backlog": 5}),
    ("tcp6:82", endpoints.TCP6ServerEndpoint, {"_port": 82, "_interface": "::"}),
    ("TCP6:83:interface=\\:\\:1", endpoints.TCP6ServerEndpoint, {"_interface": "::1"}),
    ("unix:/tmp/s:mode=660:lockfile=0", endpoints.UNIXServerEndpoint,
     {"_address": "/tmp/s", "_mode": 0o660, "_wantPID": False}),
    ("unix:address=/tmp/t", endpoints.UNIXServerEndpoint, {"_mode": 0o666, "_wantPID": True}),
])
def test_server_descriptions(description, kind, attrs):
    endpoint = endpoints.serverFromString(MemoryReactorClock(), description)
    assert type(endpoint) is kind
    for name, value in attrs.items():
        assert getattr(endpoint, name) == value


@pytest.mark.parametrize("description,kind,attrs", [
    ("tcp:example.com:80", endpoints.TCP4ClientEndpoint,
     {"_host": "example.com", "_port": 80, "_timeout": 30, "_bindAddress": None}),
    ("tcp:host=example.com:81", endpoints.TCP4ClientEndpoint, {"_port": 81}),
    ("TCP:example.com:port=82:timeout=3:bindAddress=10.0.0.1", endpoints.TCP4ClientEndpoint,
     {"_host": "example.com", "_port": 82, "_timeout": 3, "_bindAddress": ("10.0.0.1", 0)}),
    ("unix:/var/s", endpoints.UNIXClientEndpoint, {"_path": "/var/s", "_checkPID": False}),
    ("unix:path=/var/s:lockfile=1:timeout=9", endpoints.UNIXClientEndpoint,
     {"_checkPID": True, "_timeout": 9}),
])
def test_client_descriptions(description, kind, attrs):
    endpoint = endpoints.clientFromString(MemoryReactorClock(), description)
    assert type(endpoint) is kind
    for name, value in attrs.items():
        assert getattr(endpoint, name) == value


@pytest.mark.parametrize("build,description,exception", [
    (endpoints.serverFromString, "tcp:80:colour=blue", TypeError),
    (endpoints.serverFromString, "tcp", TypeError),
    (endpoints.serverFromString, "tcp:eighty", ValueError),
    (endpoints.serverFromString, "carrier-pigeon:80", ValueError),
    (endpoints.serverFromString, "TCP:80", ValueError),
    (endpoints.clientFromString, "tcp:example.com:80:colour=blue", TypeError),
    (endpoints.clientFromString, "tcp:example.com", TypeError),
    (endpoints.clientFromString, "unix:/s:mode=600", TypeError),
    (endpoints.clientFromString, "carrier-pigeon:home", ValueError),
])
def test_bad_descriptions(build, description, exception):
    with pytest.raises(exception):
        build(MemoryReactorClock(), description)


def test_unknown_type_is_named():
    with pytest.raises(ValueError, match="Unknown endpoint type: 'carrier-pigeon'"):
        endpoints.serverFromString(MemoryReactorClock(), "Carrier-Pigeon:80")


def test_many_clients_through_one_endpoint(reactor, run):
    def connectAll(port):
        client = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port)
        greeters = [Greeter() for _ in range(20)]
        for g in greeters:
            endpoints.connectProtocol(client, g)
        done = DeferredList([g.answered for g in greeters], fireOnOneErrback=True)
        return done.addCallback(lambda results: port.stopListening().addCallback(
            lambda _: [r for _, r in results]))

    listening = endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(
        protocol.Factory.forProtocol(Echo))
    assert run(lambda: listening.addCallback(connectAll)) == [b"hello"] * 20


def test_a_reactor_that_cannot_resolve_fails_the_deferred_not_the_call():
    failures = []
    for endpoint in (endpoints.HostnameEndpoint(MemoryReactorClock(), "example.com", 80),
                     endpoints.TCP6ClientEndpoint(MemoryReactorClock(), "example.com", 80)):
        endpoint.connect(protocol.Factory()).addErrback(failures.append)
    assert [f.check(AttributeError) for f in failures] == [AttributeError, AttributeError]
