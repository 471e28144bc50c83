"""twisted.spread.banana on refreactor: the encoding, the dialect handshake and the limits a
peer cannot get past (a huge length prefix is refused without allocating it)."""

import struct
import tracemalloc

import pytest
from refreactor.internet.testing import StringTransport
from refreactor.spread import banana


def b128(n):
    """Base-128 digits, least significant first (written here, apart from the code tested)."""
    digits = bytearray()
    while True:
        digits.append(n & 0x7F)
        n >>= 7
        if not n:
            return bytes(digits)


class Collector(banana.Banana):
    def __init__(self, isClient=1):
        super().__init__(isClient)
        self.received = []
        self.ready = 0

    def expressionReceived(self, lst):
        self.received.append(lst)

    def connectionReady(self):
        self.ready += 1


def readyServer():
    """A server-side Banana past the handshake (dialect pb), and its transport."""
    proto = Collector(isClient=0)
    transport = StringTransport()
    proto.makeConnection(transport)
    proto.dataReceived(b128(2) + banana.STRING + b"pb")
    transport.clear()
    return proto, transport


@pytest.mark.parametrize("value,encoded", [
    (0, b"\x00\x81"), (127, b"\x7f\x81"), (128, b"\x00\x01\x81"), (-1, b"\x01\x83"),
    (2**31, b128(2**31) + b"\x85"), (-(2**31) - 1, b128(2**31 + 1) + b"\x86"),
    (b"ab", b"\x02\x82ab"), ([1, [b""]], b"\x02\x80\x01\x81\x01\x80\x00\x82"),
    (1.5, b"\x84" + struct.pack("!d", 1.5)),
])
def test_encode_and_decode_known_bytes(value, encoded):
    assert banana.encode(value) == encoded
    assert banana.decode(encoded) == value


def test_tuples_go_as_lists_and_ints_beyond_the_prefix_limit_are_refused():
    assert banana.decode(banana.encode((1, (2,)))) == [1, [2]]
    assert banana.decode(banana.encode(2**448 - 1)) == 2**448 - 1
    with pytest.raises(banana.BananaError):
        banana.encode(2**448)
    with pytest.raises(banana.BananaError):
        banana.encode("text is jelly's job")


def test_server_offers_dialects_and_the_client_picks_pb():
    server, serverTransport = Collector(isClient=0), StringTransport()
    client, clientTransport = Collector(isClient=1), StringTransport()
    server.makeConnection(serverTransport)
    client.makeConnection(clientTransport)
    assert banana.decode(serverTransport.value()) == [b"pb", b"none"]
    client.dataReceived(serverTransport.value())
    assert client.currentDialect == b"pb" and client.ready == 1
    server.dataReceived(clientTransport.value())
    assert server.currentDialect == b"pb" and server.ready == 1


def test_a_client_offered_no_known_dialect_hangs_up():
    client, transport = Collector(isClient=1), StringTransport()
    client.makeConnection(transport)
    client.dataReceived(b"\x01\x80\x05\x82klingon")
    assert transport.disconnecting and client.ready == 0


def test_pb_dialect_sends_vocabulary_numbers_and_reads_them():
    proto, transport = readyServer()
    proto.sendEncoded([b"message", b"answer", b"other"])
    assert transport.value() == b"\x03\x80" + b128(26) + b"\x87" + b128(27) + b"\x87\x05\x82other"
    proto.dataReceived(b"\x01\x80" + b128(31) + b"\x87")
    assert proto.received == [[b"uncache"]]


def test_items_split_across_reads_are_put_together():
    proto, _ = readyServer()
    data = banana.encode([b"x" * 300, 2**100, -5, 2.5, [[], [b"y"]]])
    for i in range(len(data)):
        proto.dataReceived(data[i:i + 1])
    assert proto.received == [[b"x" * 300, 2**100, -5, 2.5, [[], [b"y"]]]]


def _peakWhileRefusing(proto, data):
    """The memory traced while ``proto`` refuses ``data`` with a BananaError."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        with pytest.raises(banana.BananaError, match="Security precaution"):
            proto.dataReceived(data)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("prefix,typeByte", [
    (b128(2**62), banana.STRING), (b128(banana.SIZE_LIMIT + 1), banana.STRING),
    (b128(2**40), banana.LIST), (b"\x7f" * 65, banana.STRING),
])
def test_a_length_over_the_limit_is_refused_without_allocating(prefix, typeByte):
    """dataReceived raises (as Twisted's): the reactor then drops the connection."""
    proto, _ = readyServer()
    peak = _peakWhileRefusing(proto, prefix + typeByte + b"some bytes")
    assert proto.received == []
    assert peak < 256 * 1024, f"{peak} bytes allocated for a refused length"


def test_an_overlong_prefix_is_refused_before_its_type_byte_arrives():
    proto, _ = readyServer()
    with pytest.raises(banana.BananaError):
        proto.dataReceived(b"\x01" * 65)


def test_a_string_at_the_limit_is_accepted():
    proto, transport = readyServer()
    proto.dataReceived(b128(banana.SIZE_LIMIT) + banana.STRING + b"z" * banana.SIZE_LIMIT)
    assert not transport.disconnecting
    assert len(proto.received[0]) == banana.SIZE_LIMIT


def test_an_unknown_type_byte_or_vocabulary_number_raises_twisteds_errors():
    for bad, errorType in ((b"\x01\x88", NotImplementedError), (b128(99) + banana.VOCAB, KeyError)):
        proto, _ = readyServer()
        with pytest.raises(errorType):
            proto.dataReceived(bad)
        assert proto.received == []
    with pytest.raises(NotImplementedError):
        banana.decode(b"\x01\x88")
    with pytest.raises(NotImplementedError):
        banana.decode(b"\x01\x87")  # a vocabulary word outside the pb dialect


def test_set_prefix_limit_changes_what_is_accepted():
    proto, _ = readyServer()
    proto.setPrefixLimit(2)
    with pytest.raises(banana.BananaError):
        proto.dataReceived(b128(2**21) + banana.INT)
    with pytest.raises(banana.BananaError):
        proto.sendEncoded(2**14)
