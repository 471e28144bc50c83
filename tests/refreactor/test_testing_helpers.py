"""twisted.internet.testing (and twisted.test.proto_helpers) on refreactor."""

import pytest
from refreactor.internet import error, interfaces, protocol
from refreactor.internet.address import IPv4Address, IPv6Address, UNIXAddress
from refreactor.internet.defer import Deferred
from refreactor.internet.testing import (
    AccumulatingProtocol,
    MemoryReactor,
    MemoryReactorClock,
    StringTransport,
    StringTransportWithDisconnection,
)
from refreactor.test import proto_helpers
from zope.interface.verify import verifyObject


def test_old_name_gives_the_same_classes():
    assert proto_helpers.StringTransport is StringTransport
    assert proto_helpers.MemoryReactorClock is MemoryReactorClock


def test_string_transport_records_writes_and_state():
    transport = StringTransport()
    verifyObject(interfaces.ITransport, transport)
    verifyObject(interfaces.IConsumer, transport)
    transport.write(b"ab")
    transport.writeSequence([b"c", b"d"])
    assert transport.value() == b"abcd"
    transport.clear()
    assert transport.value() == b""
    with pytest.raises(TypeError):
        transport.write("text")
    assert transport.getPeer() == IPv4Address("TCP", "192.168.1.1", 54321)
    assert transport.getHost() == IPv4Address("TCP", "10.0.0.1", 12345)
    transport.pauseProducing()
    assert transport.producerState == "paused"
    transport.loseConnection()
    assert transport.disconnecting and not transport.disconnected
    with pytest.raises(RuntimeError):
        transport.resumeProducing()
    transport.abortConnection()
    assert transport.disconnected


def test_string_transport_producers():
    transport = StringTransport()
    producer = object()
    transport.registerProducer(producer, True)
    assert transport.producer is producer and transport.streaming
    with pytest.raises(RuntimeError):
        transport.registerProducer(object(), False)
    transport.unregisterProducer()
    with pytest.raises(RuntimeError):
        transport.unregisterProducer()


def test_disconnection_reaches_the_protocol_once():
    proto = AccumulatingProtocol()
    proto.closedDeferred = Deferred()
    fired = []
    proto.closedDeferred.addCallback(fired.append)
    transport = StringTransportWithDisconnection()
    transport.protocol = proto
    proto.makeConnection(transport)
    proto.dataReceived(b"one")
    proto.dataReceived(b"two")
    transport.loseConnection()
    transport.loseConnection()
    assert proto.made and proto.closed and proto.data == b"onetwo"
    assert proto.closedReason.check(error.ConnectionDone) and fired == [None]


def test_accumulating_protocol_fires_its_factorys_deferred():
    factory = protocol.Factory.forProtocol(AccumulatingProtocol)
    factory.protocolConnectionMade = Deferred()
    made = []
    factory.protocolConnectionMade.addCallback(made.append)
    proto = factory.buildProtocol(None)
    proto.makeConnection(StringTransport())
    assert made == [proto] and factory.protocolConnectionMade is None


def test_memory_reactor_records_listens_and_connects():
    reactor = MemoryReactorClock()
    for iface in (interfaces.IReactorCore, interfaces.IReactorTCP, interfaces.IReactorSSL,
                  interfaces.IReactorUNIX, interfaces.IReactorFDSet, interfaces.IReactorTime):
        verifyObject(iface, reactor)
    factory = protocol.ClientFactory()
    started = []
    factory.startedConnecting = started.append
    port = reactor.listenTCP(8080, factory, interface="::1")
    assert port.getHost() == IPv6Address("TCP", "::1", 8080)
    assert reactor.listenTCP(81, factory).getHost() == IPv4Address("TCP", "0.0.0.0", 81)
    connector = reactor.connectTCP("example.com", 80, factory, timeout=5)
    assert reactor.tcpClients == [("example.com", 80, factory, 5, None)]
    assert started == [connector] and reactor.connectors == [connector]
    assert connector.getDestination() == IPv4Address("TCP", "example.com", 80)
    reactor.connectUNIX("/tmp/sock", factory)
    assert reactor.unixClients[0][0] == "/tmp/sock"
    assert started[-1].getDestination() == UNIXAddress("/tmp/sock")
    reactor.listenSSL(443, factory, None)
    assert reactor.sslServers == [(443, factory, None, 50, "")]
    connector.stopConnecting()
    assert connector.stoppedConnecting


def test_memory_reactor_run_and_clock():
    reactor = MemoryReactorClock()
    calls = []
    reactor.callWhenRunning(calls.append, "hook")
    reactor.callLater(2, calls.append, "timer")
    reactor.run()
    assert calls == ["hook"] and reactor.hasRun and reactor.hasStopped and not reactor.running
    reactor.callWhenRunning(calls.append, "now")
    reactor.advance(2)
    assert calls == ["hook", "now", "timer"]
    reactor.addSystemEventTrigger("before", "shutdown", calls.append)
    assert reactor.triggers["before"]["shutdown"] == [(calls.append, (), {})]


def test_memory_reactor_fdset():
    reactor = MemoryReactor()
    reader, writer = object(), object()
    reactor.addReader(reader)
    reactor.addWriter(writer)
    assert reactor.getReaders() == [reader] and reactor.getWriters() == [writer]
    assert set(reactor.removeAll()) == {reader, writer}
    assert reactor.getReaders() == []


def test_accumulating_protocol_needs_the_factory_attribute_as_in_twisted():
    proto = protocol.Factory.forProtocol(AccumulatingProtocol).buildProtocol(None)
    with pytest.raises(AttributeError):
        proto.makeConnection(StringTransport())
