"""twisted.protocols.amp on refreactor: the wire format, argument types, commands and errors
over real TCP, and peers that break the protocol's limits (written with plain sockets)."""

import datetime
import decimal
import socket
import struct
import threading

import pytest
from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred, inlineCallbacks
from refreactor.protocols import amp
from refreactor.protocols._ampbox import BoxParser
from refreactor.python.filepath import FilePath


def wire(*strings: bytes) -> bytes:
    """Length-prefixed strings, written out by hand for the expected values."""
    return b"".join(struct.pack("!H", len(s)) + s for s in strings)


# -- the box and its wire format ------------------------------------------------------------------

def test_a_box_is_sorted_length_prefixed_pairs_ending_with_an_empty_key():
    box = amp.AmpBox(zeta=b"1", alpha=b"two")
    assert box.serialize() == b"\x00\x05alpha\x00\x03two\x00\x04zeta\x00\x011\x00\x00"
    assert list(box) == [b"zeta", b"alpha"]  # text keys become bytes


def test_boxes_are_parsed_from_any_split_of_the_stream():
    data = wire(b"a", b"1", b"bb", b"", b"") + wire(b"c", b"x" * 300, b"")
    parser = BoxParser()
    boxes = []
    for i in range(len(data)):
        boxes += parser.feed(data[i:i + 1])
    assert boxes == [{b"a": b"1", b"bb": b""}, {b"c": b"x" * 300}]
    assert amp.parseString(data) == boxes


def test_a_key_or_value_over_its_limit_is_refused_when_sending():
    with pytest.raises(amp.TooLong) as key:
        amp.AmpBox({b"k" * 256: b""}).serialize()
    assert (key.value.isKey, key.value.isLocal) == (True, True)
    with pytest.raises(amp.TooLong) as value:
        amp.AmpBox(k=b"v" * 65536).serialize()
    assert (value.value.isKey, value.value.keyName) == (False, b"k")
    assert repr(value.value) == "local value b'k' too long: 65536"
    assert len(amp.AmpBox({b"k" * 255: b"v" * 65535}).serialize()) == 2 + 255 + 2 + 65535 + 2
    with pytest.raises(TypeError, match="Unicode value"):
        amp.AmpBox(k="text").serialize()


# -- argument types -----------------------------------------------------------------------------

@pytest.mark.parametrize(("argument", "value", "encoded"), [
    (amp.Integer(), -(2 ** 70), b"-1180591620717411303424"),
    (amp.String(), b"\x00\xff", b"\x00\xff"),
    (amp.Unicode(), "h\u00e9", b"h\xc3\xa9"),
    (amp.Boolean(), True, b"True"),
    (amp.Boolean(), False, b"False"),
    (amp.Float(), 0.1, b"0.1"),
    (amp.Float(), float("-inf"), b"-inf"),
    (amp.Decimal(), decimal.Decimal("1.50E+3"), b"1.50E+3"),
    (amp.Decimal(), decimal.Decimal("-sNaN"), b"-sNaN"),
    (amp.DateTime(), datetime.datetime(2024, 2, 29, 23, 59, 58, 7,
                                       tzinfo=datetime.timezone(datetime.timedelta(hours=5,
                                                                                   minutes=45))),
     b"2024-02-29T23:59:58.000007+05:45"),
    (amp.DateTime(), datetime.datetime(2000, 1, 1, tzinfo=amp.utc),
     b"2000-01-01T00:00:00.000000-00:00"),
    (amp.ListOf(amp.Integer()), [1, 22], b"\x00\x011\x00\x0222"),
    (amp.ListOf(amp.Unicode()), [], b""),
    (amp.Path(), FilePath("/tmp/a b"), b"/tmp/a b"),
])
def test_each_argument_type_encodes_as_twisted_does_and_back(argument, value, encoded):
    assert argument.toString(value) == encoded
    decoded = argument.fromString(encoded)
    if isinstance(value, decimal.Decimal) and value.is_nan():
        assert str(decoded) == str(value)
    else:
        assert decoded == value


def test_amplist_is_serialized_boxes_end_to_end():
    rows = amp.AmpList([(b"a", amp.Integer()), (b"b", amp.Unicode(optional=True))])
    encoded = rows.toStringProto([{"a": 1, "b": "x"}, {"a": 2, "b": None}], None)
    assert encoded == wire(b"a", b"1", b"b", b"x", b"") + wire(b"a", b"2", b"")
    assert rows.fromStringProto(encoded, None) == [{"a": 1, "b": "x"}, {"a": 2, "b": None}]


@pytest.mark.parametrize(("argument", "bad", "exception"), [
    (amp.Boolean(), b"yes", TypeError),
    (amp.Integer(), b"1.5", ValueError),
    (amp.DateTime(), b"2024-02-29T23:59:58", ValueError),
])
def test_malformed_values_are_refused(argument, bad, exception):
    with pytest.raises(exception):
        argument.fromString(bad)


@pytest.mark.parametrize(("argument", "bad"), [
    (amp.Float(), 1), (amp.Decimal(), 1.5), (amp.DateTime(), datetime.datetime(2000, 1, 1)),
])
def test_values_of_the_wrong_type_are_refused_when_sending(argument, bad):
    with pytest.raises(ValueError):
        argument.toString(bad)


def test_command_signatures_are_checked():
    with pytest.raises(amp.InvalidSignature, match="forgot a for b'Add'"):
        Add(b=1)
    with pytest.raises(amp.InvalidSignature, match="c is not a valid argument"):
        Add.makeArguments({"a": 1, "b": 2, "c": 3}, None)
    with pytest.raises(TypeError, match="byte strings"):
        type("Bad", (amp.Command,), {"arguments": [("a", amp.Integer())]})


# -- commands over TCP --------------------------------------------------------------------------

class Overdrawn(Exception):
    pass


class Add(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]
    errors = {Overdrawn: b"OVERDRAWN"}


class Crash(amp.Command):
    pass


class Shout(amp.Command):
    arguments = [(b"word", amp.Unicode())]
    requiresAnswer = False


class Unknown(amp.Command):
    pass


class Wait(amp.Command):
    response = [(b"done", amp.Boolean())]


class Calculator(amp.AMP):
    def __init__(self):
        super().__init__()
        self.heard = []
        self.waiting = Deferred()

    @Add.responder
    def add(self, a, b):
        if a < 0:
            raise Overdrawn(f"{a} is negative")
        return {"total": a + b}

    @Crash.responder
    def crash(self):
        raise RuntimeError("undeclared")

    @Shout.responder
    def shout(self, word):
        self.heard.append(word)
        return {}

    @Wait.responder
    def wait(self):
        return self.waiting

    def amp_LOWLEVEL(self, box):
        return amp.AmpBox(echo=box[b"x"] * 2)


class Connected:
    """A Calculator server on 127.0.0.1 and an AMP client connected to it."""

    def __init__(self, reactor):
        self.reactor = reactor
        self.servers = []
        factory = protocol.ServerFactory()
        factory.buildProtocol = self._build
        self.port = reactor.listenTCP(0, factory, interface="127.0.0.1")

    def _build(self, addr):
        server = Calculator()
        self.servers.append(server)
        return server

    def connect(self):
        return protocol.ClientCreator(self.reactor, amp.AMP).connectTCP(
            "127.0.0.1", self.port.getHost().port)


@pytest.fixture
def calculator(reactor):
    connected = Connected(reactor)
    yield connected
    connected.port.stopListening()


def test_a_command_and_its_response(run, calculator):
    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        result = yield client.callRemote(Add, a=2 ** 80, b=1)
        echo = yield client.callRemoteString(b"LOWLEVEL", x=b"ab")
        client.transport.loseConnection()
        return result, echo

    result, echo = run(scenario)
    assert result == {"total": 2 ** 80 + 1}
    assert echo[b"echo"] == b"abab"


def test_a_declared_error_arrives_as_its_class_and_the_connection_stays(run, calculator):
    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        try:
            yield client.callRemote(Add, a=-1, b=0)
        except Overdrawn as e:
            caught = e
        after = yield client.callRemote(Add, a=1, b=1)
        client.transport.loseConnection()
        return caught, after

    caught, after = run(scenario)
    assert caught.args == ("-1 is negative",)
    assert after == {"total": 2}


def test_an_undeclared_error_is_unknown_and_closes_the_connection(run, calculator, reactor):
    lost = Deferred()

    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        client.connectionLost = lambda reason: lost.callback([reason])
        try:
            yield client.callRemote(Crash)
        except amp.UnknownRemoteError as e:
            caught = e
        [reason] = yield lost
        return caught, reason

    caught, reason = run(scenario)
    assert str(caught) == "Code<UNKNOWN>: Unknown Error"
    assert reason.check(error.ConnectionDone)


def test_an_unhandled_command_fails_with_unhandled_command(run, calculator):
    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        try:
            yield client.callRemote(Unknown)
        except amp.UnhandledCommand as e:
            caught = e
        client.transport.loseConnection()
        return [caught]  # (run() raises an exception it is given)

    [caught] = run(scenario)
    assert caught.args == (b"UNHANDLED", "Unhandled Command: b'Unknown'")


def test_missing_arguments_fail_the_call_and_too_long_values_raise(run, calculator):
    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        try:
            yield client.callRemote(Add, a=1)
        except amp.InvalidSignature as e:
            missing = e
        with pytest.raises(amp.TooLong):
            client.callRemote(Shout, word="x" * 70000)
        assert client.callRemote(Shout, word="hey") is None
        yield client.callRemote(Add, a=0, b=0)  # answered after the Shout: it was received
        client.transport.loseConnection()
        return [missing]

    assert "forgot b for b'Add'" in str(run(scenario)[0])
    assert calculator.servers[0].heard == ["hey"]


def test_losing_the_connection_fails_the_calls_waiting_for_an_answer(run, calculator):
    @inlineCallbacks
    def scenario():
        client = yield calculator.connect()
        waiting = client.callRemote(Wait)
        yield client.callRemote(Add, a=0, b=0)  # the server has the Wait by now
        client.transport.loseConnection()
        try:
            yield waiting
        except error.ConnectionDone as e:
            return e, client

    reason, client = run(scenario)
    assert isinstance(reason, error.ConnectionDone)
    later = []
    client.callRemote(Add, a=1, b=1).addErrback(later.append)
    assert later[0].check(error.ConnectionDone)


# -- hostile peers ------------------------------------------------------------------------------

class PlainPeer(threading.Thread):
    """A blocking-socket peer in a thread: sends ``payload`` and reads until the other side
    closes (or 10 seconds pass)."""

    def __init__(self, payload, sock):
        super().__init__()
        self.payload = payload
        self.sock = sock
        self.received = b""
        self.closedByPeer = False

    def run(self):
        with self.sock:
            self.sock.settimeout(10)
            self.sock.sendall(self.payload)
            try:
                while chunk := self.sock.recv(65536):
                    self.received += chunk
            except ConnectionResetError:
                pass  # dropped with unread data: closed all the same
            except TimeoutError:
                return
            self.closedByPeer = True


def attack(run, reactor, calculator, payload):
    """Send ``payload`` from a plain socket to a Calculator; the peer and the server."""
    lost = Deferred()

    def build(addr):
        server = Calculator()
        server.connectionLost = lambda reason: (
            amp.AMP.connectionLost(server, reason), lost.callback([reason]))
        calculator.servers.append(server)
        return server

    calculator.port.factory.buildProtocol = build
    sock = socket.create_connection(("127.0.0.1", calculator.port.getHost().port))
    peer = PlainPeer(payload, sock)
    peer.start()
    [reason] = run(lambda: lost)
    peer.join()
    return peer, reason


@pytest.mark.parametrize("payload", [
    struct.pack("!H", 256) + b"k" * 256,                       # a key over 255 bytes
    struct.pack("!H", 0xFFFF),                                 # a key length of 65535
])
def test_a_peer_sending_an_over_long_key_is_dropped_unread(run, reactor, calculator, payload):
    peer, reason = attack(run, reactor, calculator, payload)
    assert peer.closedByPeer
    assert peer.received == b""
    assert reason.check(error.ConnectionDone)


@pytest.mark.parametrize("payload", [
    b"\x00\x00",                                               # an empty box
    wire(b"_answer", b"99", b""),                              # an answer nobody asked for
    wire(b"_ask", b"1", b"_command", b"Add", b"a", b"x", b"b", b"1", b""),  # a bad Integer
])
def test_a_peer_breaking_the_protocol_is_dropped(run, reactor, calculator, payload):
    peer, _ = attack(run, reactor, calculator, payload)
    assert peer.closedByPeer


def test_the_commands_of_a_dropped_peer_fail_with_too_long(run, reactor):
    listener = socket.create_server(("127.0.0.1", 0))
    replies = struct.pack("!H", 300) + b"k" * 300  # answers with a 300-byte key

    class Server(threading.Thread):
        def run(self):
            conn, _ = listener.accept()
            conn.recv(4096)
            PlainPeer.__init__(self.peer, replies, conn)
            PlainPeer.run(self.peer)

    server = Server()
    server.peer = PlainPeer(b"", None)
    server.start()

    @inlineCallbacks
    def scenario():
        client = yield protocol.ClientCreator(reactor, amp.AMP).connectTCP(
            "127.0.0.1", listener.getsockname()[1])
        try:
            yield client.callRemote(Add, a=1, b=2)
        except amp.TooLong as e:
            return [e]

    try:
        [tooLong] = run(scenario)
    finally:
        server.join()
        listener.close()
    assert (tooLong.isKey, tooLong.isLocal) == (True, False)
    assert server.peer.closedByPeer
