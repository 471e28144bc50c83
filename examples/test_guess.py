"""Tests of guess.py under pytest: no socket, no waiting."""

import pytest
from guess import IDLE_SECONDS, GuessFactory, listen
from twisted.internet.address import IPv4Address
from twisted.internet.testing import MemoryReactorClock, StringTransport


@pytest.fixture
def reactor():
    return MemoryReactorClock()


@pytest.fixture
def connection(reactor):
    """A game whose secret is 42, on a transport that records what it writes."""
    address = IPv4Address("TCP", "127.0.0.1", 9)
    game = GuessFactory(reactor, secret=42).buildProtocol(address)
    transport = StringTransport()
    game.makeConnection(transport)
    transport.clear()
    return game, transport


def test_the_game_starts_with_a_greeting(reactor):
    game = GuessFactory(reactor, secret=42).buildProtocol(None)
    transport = StringTransport()
    game.makeConnection(transport)
    assert transport.value() == b"guess my number, from 1 to 100\r\n"


def test_hints_point_to_the_secret(connection):
    game, transport = connection
    game.dataReceived(b"50\r\n10\r\nten\r\n")
    assert transport.value() == b"lower\r\nhigher\r\nthat is not a number\r\n"
    assert not transport.disconnecting


def test_the_right_guess_ends_the_game(connection):
    game, transport = connection
    game.dataReceived(b"50\r\n42\r\n")
    assert transport.value().endswith(b"right, in 2 tries\r\n")
    assert transport.disconnecting


def test_an_idle_player_is_dropped(reactor, connection):
    game, transport = connection
    reactor.advance(IDLE_SECONDS - 1)
    game.dataReceived(b"1\r\n")
    reactor.advance(IDLE_SECONDS - 1)
    assert not transport.disconnecting
    reactor.advance(1)
    assert transport.value() == b"higher\r\ntoo slow, goodbye\r\n"
    assert transport.disconnecting


def test_the_server_listens_on_the_loopback_address(reactor):
    listen(reactor, 18023, secret=7)
    [(port, factory, backlog, interface)] = reactor.tcpServers
    assert (port, interface, factory.secret) == (18023, "127.0.0.1", 7)


if __name__ == "__main__":
    raise SystemExit(pytest.main(["-q", "-p", "no:cacheprovider", __file__]))
