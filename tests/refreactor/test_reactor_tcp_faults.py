"""TCP faults and edge cases, each as Twisted handles it (defects found by Twisted's own suite)."""

import errno
import os
import resource
import socket

import pytest
from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred
from refreactor.python import log


class Recorder(protocol.Protocol):
    """Fires ``made`` on connect and ``lost`` (with the reason) when the connection ends."""

    def __init__(self):
        self.made = Deferred()
        self.lost = Deferred()
        self.received = b""

    def connectionMade(self):
        self.made.callback(self)

    def dataReceived(self, data):
        self.received += data

    def connectionLost(self, reason):
        self.lost.callback([reason])  # In a list: a Failure as result would be an error.


class OneProtocolFactory(protocol.ClientFactory):
    """Builds the one protocol given; records a failed attempt's reason."""

    def __init__(self, proto):
        self.proto = proto
        self.failed = Deferred()

    def buildProtocol(self, addr):
        self.proto.factory = self
        return self.proto

    def clientConnectionFailed(self, connector, reason):
        self.failed.callback([reason])


@pytest.fixture
def listener():
    """A plain listening socket on 127.0.0.1, for a peer we control byte by byte."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(5)
    yield s
    s.close()


def test_reset_seen_while_flushing_writes_is_connection_lost(reactor, run, listener):
    client = Recorder()
    reactor.connectTCP("127.0.0.1", listener.getsockname()[1], OneProtocolFactory(client))

    def resetThenWrite(proto):
        peer, _ = listener.accept()
        peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        peer.close()  # A reset: on loopback it has arrived once close returns.
        proto.transport.write(b"into the void")  # The flush meets ECONNRESET.
        return proto.lost

    [reason] = run(lambda: client.made.addCallback(resetThenWrite))
    assert reason.check(error.ConnectionLost) and not reason.check(error.ConnectionDone)


@pytest.mark.parametrize("port", [65536, -1])
def test_port_out_of_range_fails_the_attempt(reactor, run, port):
    factory = OneProtocolFactory(Recorder())
    reactor.connectTCP("127.0.0.1", port, factory, timeout=5)
    [reason] = run(lambda: factory.failed)
    assert reason.check(OverflowError)
    assert "port must be 0-65535" in reason.getErrorMessage()


def _linkLocalIPv6():
    """A link-local address with its interface ("fe80::1%eth0"), or None."""
    try:
        with open("/proc/net/if_inet6") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in lines:
        hexAddress, _, _, scope, _, interface = line.split()
        if scope == "20":  # link scope
            groups = [hexAddress[i:i + 4] for i in range(0, 32, 4)]
            host = socket.inet_ntop(socket.AF_INET6, socket.inet_pton(
                socket.AF_INET6, ":".join(groups)))
            return f"{host}%{interface}"
    return None


def test_link_local_ipv6_keeps_its_interface_and_accepts_connections(reactor, run):
    host = _linkLocalIPv6()
    if host is None:
        pytest.skip("no link-local IPv6 address on this machine")
    server = Recorder()
    port = reactor.listenTCP(0, OneProtocolFactory(server), interface=host)
    assert port.getHost().host == host
    client = Recorder()
    reactor.connectTCP(host, port.getHost().port, OneProtocolFactory(client), timeout=5)

    def connected(proto):
        transport = proto.transport
        addresses = (transport.getHost().host, transport.getPeer().host)
        transport.loseConnection()
        port.stopListening()
        return addresses

    assert run(lambda: client.made.addCallback(connected)) == (host, host)


def test_host_name_with_ipv6_bind_address_gets_an_ipv6_socket(reactor, run):
    """The name is looked up in IPv6, the family of the local address asked for."""
    factory = OneProtocolFactory(Recorder())
    connector = reactor.connectTCP("localhost", 9, factory, bindAddress=("::1", 0), timeout=5)
    assert connector.transport.socket.family == socket.AF_INET6
    factory.proto.made.addCallback(lambda proto: proto.transport.loseConnection())
    [reason] = run(lambda: factory.failed)  # Nothing listens on port 9 (or no IPv6 name).
    assert not reason.check(error.ConnectBindError)


def test_host_name_with_ipv6_bind_address_connects_over_ipv6(reactor, run, monkeypatch):
    realLookup = socket.getaddrinfo

    def lookup(host, *args, **kw):  # A name only IPv6 knows, as a resolver would give it.
        return realLookup("::1" if host == "ipv6-only.test" else host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    server = Recorder()
    port = reactor.listenTCP(0, OneProtocolFactory(server), interface="::1")
    client = Recorder()
    reactor.connectTCP("ipv6-only.test", port.getHost().port, OneProtocolFactory(client),
                       bindAddress=("::1", 0), timeout=5)

    def connected(proto):
        address = proto.transport.getPeer()
        proto.transport.loseConnection()
        port.stopListening()
        return address

    address = run(lambda: client.made.addCallback(connected))
    assert (type(address).__name__, address.host, address.port) == (
        "IPv6Address", "::1", port.getHost().port)


def test_out_of_descriptors_the_port_closes_waiting_peers_and_goes_on(reactor, run):
    events = []
    log.addObserver(events.append)
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Recorder), interface="127.0.0.1")
    peer = socket.create_connection(("127.0.0.1", port.getHost().port))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    hoard = []
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 1024), hard))
        while True:
            try:
                hoard.append(os.open(os.devnull, os.O_RDONLY))
            except OSError as e:
                assert e.errno == errno.EMFILE
                break
        for _ in range(20):  # Passes of the loop: one turns the peer away, none spins.
            reactor.iterate(0.05)
    finally:
        for fd in hoard:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        log.removeObserver(events.append)
    assert peer.recv(10) == b""  # The port accepted the peer and closed it at once.
    peer.close()
    recoveries = [e for e in events if "EMFILE recovery" in str(e.get("message"))]
    assert len(recoveries) == 1
    run(port.stopListening)


def test_exception_in_server_connection_made_is_logged_and_the_connection_kept(reactor, run):
    class Raising(protocol.Protocol):
        def connectionMade(self):
            self.transport.write(b"hello")
            raise RuntimeError("protocol bug")

        def dataReceived(self, data):
            self.transport.write(b"still here: " + data)
            self.transport.loseConnection()

    errors = []
    log.addObserver(lambda e: e.get("isError") and errors.append(e))
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Raising), interface="127.0.0.1")
    client = Recorder()
    reactor.connectTCP("127.0.0.1", port.getHost().port, OneProtocolFactory(client))
    client.made.addCallback(lambda proto: proto.transport.write(b"ping"))

    def ended(reason):
        port.stopListening()
        return client.received

    assert run(lambda: client.lost.addCallback(ended)) == b"hellostill here: ping"
    assert [e["failure"].getErrorMessage() for e in errors] == ["protocol bug"]


def test_writing_str_says_data_must_be_bytes(reactor, run):
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Recorder), interface="127.0.0.1")
    client = Recorder()
    reactor.connectTCP("127.0.0.1", port.getHost().port, OneProtocolFactory(client))

    def tryStr(proto):
        messages = []
        for write in (proto.transport.write, lambda s: proto.transport.writeSequence([s])):
            with pytest.raises(TypeError) as raised:
                write("text")
            messages.append(str(raised.value))
        proto.transport.loseConnection()
        port.stopListening()
        return messages

    assert run(lambda: client.made.addCallback(tryStr)) == ["Data must be bytes"] * 2


def test_messages_logged_in_callbacks_carry_the_protocol_log_prefix(reactor, run):
    class Chatty(Recorder):
        def logPrefix(self):
            return "Chatty"

        def dataReceived(self, data):
            log.msg("got data")
            self.transport.loseConnection()

    systems = []
    observer = lambda e: "got data" in e.get("message", ()) and systems.append(e["system"])  # noqa: E731
    log.addObserver(observer)
    server = Chatty()
    port = reactor.listenTCP(0, OneProtocolFactory(server), interface="127.0.0.1")
    client = Chatty()
    reactor.connectTCP("127.0.0.1", port.getHost().port, OneProtocolFactory(client))
    client.made.addCallback(lambda proto: proto.transport.write(b"x"))
    run(lambda: server.lost)
    log.removeObserver(observer)
    port.stopListening()
    assert systems == ["Chatty,0,127.0.0.1"]


def test_resolve_answers_from_the_loop_not_before_it_runs(reactor, run):
    lookup = reactor.resolve("localhost")
    assert not lookup.called  # A lookup in a thread, as in Twisted: nothing fires before run.
    assert run(lambda: lookup) == "127.0.0.1"
    assert reactor.resolve("192.0.2.7").result == "192.0.2.7"  # A literal needs no lookup.
