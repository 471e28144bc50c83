"""twisted.protocols.basic on refreactor: lines, raw mode, netstrings, length prefixes, files."""

import io
import struct

import pytest
from refreactor.internet import protocol
from refreactor.internet.defer import Deferred
from refreactor.internet.testing import StringTransport
from refreactor.protocols import basic


class Lines(basic.LineReceiver):
    """Records lines and raw chunks; ``rawAfter`` switches to raw mode after that line."""

    rawAfter = None

    def __init__(self):
        self.lines = []
        self.raw = []
        self.exceeded = []

    def lineReceived(self, line):
        self.lines.append(line)
        if line == self.rawAfter:
            self.setRawMode()

    def rawDataReceived(self, data):
        self.raw.append(data)

    def lineLengthExceeded(self, line):
        self.exceeded.append(line)
        return super().lineLengthExceeded(line)


def connected(proto):
    transport = StringTransport()
    proto.makeConnection(transport)
    return transport


def test_lines_split_across_chunks_and_delimiters():
    proto = Lines()
    connected(proto)
    for chunk in (b"fir", b"st\r\nsec", b"ond\r", b"\nthird\r\n\r\n", b"tail"):
        proto.dataReceived(chunk)
    assert proto.lines == [b"first", b"second", b"third", b""]
    assert proto.clearLineBuffer() == b"tail"
    proto.dataReceived(b"\r\n")
    assert proto.lines[-1] == b""


def test_custom_delimiter_and_send_line():
    proto = Lines()
    proto.delimiter = b"\n"
    transport = connected(proto)
    proto.dataReceived(b"a\nb\r\n")
    proto.sendLine(b"reply")
    assert proto.lines == [b"a", b"b\r"]
    assert transport.value() == b"reply\n"


def test_raw_mode_gets_the_rest_of_the_buffer_and_line_mode_takes_extra():
    proto = Lines()
    proto.rawAfter = b"BODY"
    connected(proto)
    proto.dataReceived(b"head\r\nBODY\r\nraw bytes\r\nmore")
    assert proto.lines == [b"head", b"BODY"]
    assert proto.raw == [b"raw bytes\r\nmore"]
    proto.dataReceived(b"chunk")
    assert proto.raw[-1] == b"chunk"
    proto.setLineMode(b"after\r\nnext\r\n")
    assert proto.lines[-2:] == [b"after", b"next"]


def test_set_line_mode_from_raw_data_received_parses_the_extra():
    class Switching(Lines):
        def rawDataReceived(self, data):
            self.raw.append(data[:3])
            self.setLineMode(data[3:])

    proto = Switching()
    proto.rawAfter = b"go"
    connected(proto)
    proto.dataReceived(b"go\r\nxyzline one\r\nline two\r\n")
    assert proto.raw == [b"xyz"]
    assert proto.lines == [b"go", b"line one", b"line two"]


def test_line_over_max_length_calls_line_length_exceeded_and_drops():
    proto = Lines()
    proto.MAX_LENGTH = 5
    transport = connected(proto)
    proto.dataReceived(b"short\r\ntoolong\r\nafter\r\n")
    assert proto.lines == [b"short"]
    assert proto.exceeded == [b"toolong\r\nafter\r\n"]
    assert transport.disconnecting


def test_unterminated_line_over_max_length_is_exceeded():
    proto = Lines()
    proto.MAX_LENGTH = 5
    transport = connected(proto)
    proto.dataReceived(b"123456")  # Could still be a 5-byte line plus half a delimiter.
    assert proto.exceeded == [] and not transport.disconnecting
    proto.dataReceived(b"7")
    assert proto.exceeded == [b"1234567"] and transport.disconnecting


def test_no_lines_delivered_after_lose_connection():
    class Quitter(Lines):
        def lineReceived(self, line):
            super().lineReceived(line)
            if line == b"quit":
                self.transport.loseConnection()

    proto = Quitter()
    connected(proto)
    proto.dataReceived(b"one\r\nquit\r\nignored\r\n")
    assert proto.lines == [b"one", b"quit"]


def test_pausing_holds_lines_until_resumed():
    class Pausing(Lines):
        def lineReceived(self, line):
            super().lineReceived(line)
            if line == b"pause":
                self.pauseProducing()

    proto = Pausing()
    transport = connected(proto)
    proto.dataReceived(b"a\r\npause\r\nb\r\nc\r\n")
    assert proto.lines == [b"a", b"pause"] and transport.producerState == "paused"
    proto.resumeProducing()
    assert proto.lines == [b"a", b"pause", b"b", b"c"]
    assert transport.producerState == "producing"


def test_line_only_receiver():
    class Only(basic.LineOnlyReceiver):
        def __init__(self):
            self.lines = []

        def lineReceived(self, line):
            self.lines.append(line)

    proto = Only()
    transport = connected(proto)
    proto.dataReceived(b"x\r\ny\r\npartial")
    proto.sendLine(b"out")
    assert proto.lines == [b"x", b"y"] and transport.value() == b"out\r\n"
    proto.MAX_LENGTH = 10
    proto.dataReceived(b"-is-now-too-long")
    assert transport.disconnecting


class Strings:
    """A mixin recording received strings."""

    def __init__(self):
        self.strings = []

    def stringReceived(self, string):
        self.strings.append(string)


class Netstrings(Strings, basic.NetstringReceiver):
    pass


def test_netstrings_round_trip_byte_by_byte():
    sender, receiver = Netstrings(), Netstrings()
    out = connected(sender)
    connected(receiver)
    for s in (b"hello", b"", b"with , comma and 12: digits"):
        sender.sendString(s)
    assert out.value().startswith(b"5:hello,0:,")
    for byte in out.value():
        receiver.dataReceived(bytes([byte]))
    assert receiver.strings == [b"hello", b"", b"with , comma and 12: digits"]
    assert not receiver.brokenPeer


@pytest.mark.parametrize("data", [b"x:abc,", b"3:abcd", b"007:abcdefg,", b"100000:",
                                  b"12345678901234567890"])
def test_bad_netstring_drops_the_connection(data):
    proto = Netstrings()
    transport = connected(proto)
    proto.dataReceived(b"2:ok," + data)
    assert proto.strings == [b"ok"]
    assert proto.brokenPeer and transport.disconnecting


def test_netstring_length_over_max_refused_before_payload():
    proto = Netstrings()
    proto.MAX_LENGTH = 10
    transport = connected(proto)
    proto.dataReceived(b"11")
    assert proto.brokenPeer and transport.disconnecting


@pytest.mark.parametrize("cls,fmt", [(basic.Int8StringReceiver, "!B"),
                                     (basic.Int16StringReceiver, "!H"),
                                     (basic.Int32StringReceiver, "!I")])
def test_length_prefixed_strings(cls, fmt):
    class Receiver(Strings, cls):
        pass

    proto = Receiver()
    transport = connected(proto)
    proto.sendString(b"abc")
    assert transport.value() == struct.pack(fmt, 3) + b"abc"
    wire = b"".join(struct.pack(fmt, len(s)) + s for s in (b"one", b"", b"three"))
    proto.dataReceived(wire[:4])
    proto.dataReceived(wire[4:])
    assert proto.strings == [b"one", b"", b"three"]
    if struct.calcsize(fmt) < 4:  # Spare the 4 GiB a too long Int32 string would take.
        with pytest.raises(basic.StringTooLongError):
            proto.sendString(b"x" * 2 ** (8 * struct.calcsize(fmt)))


def test_length_limit_exceeded_drops():
    class Receiver(Strings, basic.Int16StringReceiver):
        MAX_LENGTH = 4

    proto = Receiver()
    transport = connected(proto)
    proto.dataReceived(struct.pack("!H", 4) + b"abcd" + struct.pack("!H", 5) + b"abcde")
    assert proto.strings == [b"abcd"] and transport.disconnecting


def test_stateful_string_protocol():
    class States(basic.StatefulStringProtocol, basic.Int8StringReceiver):
        def proto_init(self, s):
            self.got = [s]
            return "second"

        def proto_second(self, s):
            self.got.append(s)
            return "done"

    proto = States()
    transport = connected(proto)
    proto.dataReceived(b"\x01a\x01b")
    assert proto.got == [b"a", b"b"] and transport.disconnecting


def test_file_sender_to_string_transport():
    transport = StringTransport()
    sender = basic.FileSender()
    sender.CHUNK_SIZE = 4
    results = []
    d = sender.beginFileTransfer(io.BytesIO(b"0123456789"), transport, bytes.upper)
    d.addCallback(results.append)
    assert transport.producer is sender and transport.streaming is False
    while transport.producer is not None:
        transport.producer.resumeProducing()
    assert transport.value() == b"0123456789" and results == [b"9"]


def test_file_sender_stopped_fails_its_deferred():
    sender = basic.FileSender()
    d = sender.beginFileTransfer(io.BytesIO(b"data"), StringTransport())
    failures = []
    d.addErrback(failures.append)
    sender.stopProducing()
    assert failures and "stop producing" in failures[0].getErrorMessage()


def test_line_echo_and_file_over_tcp(reactor, run):
    """Lines echoed over a real socket; a raw tail sent by FileSender arrives whole."""
    payload = bytes(range(256)) * 400

    class Server(basic.LineReceiver):
        def lineReceived(self, line):
            if line == b"FILE":
                self.sendLine(b"SIZE %d" % len(payload))
                basic.FileSender().beginFileTransfer(io.BytesIO(payload), self.transport)
            else:
                self.sendLine(line.upper())

    class Client(basic.LineReceiver):
        def connectionMade(self):
            self.lines, self.body = [], b""
            self.transport.write(b"one\r\ntw")
            self.transport.write(b"o\r\nFILE\r\n")

        def lineReceived(self, line):
            self.lines.append(line)
            if line.startswith(b"SIZE"):
                self.expected = int(line.split()[1])
                self.setRawMode()

        def rawDataReceived(self, data):
            self.body += data
            if len(self.body) == self.expected:
                self.transport.loseConnection()

        def connectionLost(self, reason):
            self.factory.done.callback((self.lines, self.body))

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Server), interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(Client)
    factory.done = Deferred()
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)

    def stop(result):
        return port.stopListening().addCallback(lambda _: result)

    lines, body = run(lambda: factory.done.addCallback(stop))
    assert lines == [b"ONE", b"TWO", b"SIZE %d" % len(payload)]
    assert body == payload
