"""UNIX sockets: Linux abstract names, and descriptors passed over a connection."""

import os
import socket

import pytest
from refreactor.internet import protocol
from refreactor.internet.defer import Deferred, inlineCallbacks
from refreactor.internet.interfaces import IFileDescriptorReceiver, IUNIXTransport
from refreactor.python import log
from zope.interface import implementer


class Sender(protocol.Protocol):
    """Sends ``factory.descriptor`` with one byte of data, then waits for the peer to close."""

    def connectionMade(self):
        self.transport.sendFileDescriptor(self.factory.descriptor)
        self.transport.write(b"x")


@implementer(IFileDescriptorReceiver)
class Receiver(protocol.Protocol):
    """Records descriptors and bytes in arrival order; closes after the first byte."""

    def connectionMade(self):
        self.events = []

    def fileDescriptorReceived(self, descriptor):
        self.events.append(("descriptor", descriptor))

    def dataReceived(self, data):
        self.events.append(("data", data))
        self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.done.callback(self.events)


def untilThenStop(deferred, port):
    """A Deferred of ``deferred``'s result, firing once ``port`` has stopped listening too."""

    @inlineCallbacks
    def flow():
        result = yield deferred
        yield port.stopListening()
        return result

    return flow()


class ClientFactory(protocol.ClientFactory):
    def __init__(self, protocolClass):
        self.protocol = protocolClass
        self.done = Deferred()


def test_abstract_namespace_names_listen_and_connect(reactor, run):
    name = f"\0refreactor-test-{os.getpid()}"
    port = reactor.listenUNIX(name, protocol.Factory.forProtocol(Sender))
    port.factory.descriptor = os.open(os.devnull, os.O_RDONLY)
    factory = ClientFactory(Receiver)
    reactor.connectUNIX(name, factory)
    events = run(lambda: untilThenStop(factory.done, port))
    os.close(port.factory.descriptor)
    for kind, value in events:
        if kind == "descriptor":
            os.close(value)
    assert [kind for kind, _ in events] == ["descriptor", "data"]


def test_abstract_namespace_datagram_port(reactor, run):
    class Echo(protocol.DatagramProtocol):
        def datagramReceived(self, data, addr):
            self.got.callback(data)

    echo = Echo()
    echo.got = Deferred()
    name = f"\0refreactor-dgram-{os.getpid()}"
    port = reactor.listenUNIXDatagram(name, echo)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as peer:
        peer.sendto(b"hi", name.encode())
        assert run(lambda: untilThenStop(echo.got, port)) == b"hi"


def test_a_descriptor_arrives_before_its_bytes_and_is_a_working_duplicate(
        reactor, run, tmp_path):
    readEnd, writeEnd = os.pipe()
    path = str(tmp_path / "s")
    port = reactor.listenUNIX(path, protocol.Factory.forProtocol(Sender))
    port.factory.descriptor = readEnd
    factory = ClientFactory(Receiver)
    connector = reactor.connectUNIX(path, factory)
    assert IUNIXTransport.providedBy(connector.transport)
    events = run(lambda: untilThenStop(factory.done, port))
    os.close(readEnd)
    assert [kind for kind, _ in events] == ["descriptor", "data"]
    received = events[0][1]
    os.write(writeEnd, b"through the copy")
    assert os.read(received, 100) == b"through the copy"
    for fd in (received, writeEnd):
        os.close(fd)


def test_a_protocol_that_does_not_take_descriptors_has_them_closed(reactor, run, tmp_path):
    class Plain(Receiver):
        pass

    Plain.__implemented__ = ()  # noqa: B010 - a receiver stripped of IFileDescriptorReceiver
    assert not IFileDescriptorReceiver.implementedBy(Plain)
    probe, kept = socket.socketpair()
    path = str(tmp_path / "s")
    port = reactor.listenUNIX(path, protocol.Factory.forProtocol(Sender))
    port.factory.descriptor = probe.fileno()
    messages = []
    log.addObserver(messages.append)
    factory = ClientFactory(Plain)
    reactor.connectUNIX(path, factory)
    events = run(lambda: untilThenStop(factory.done, port))
    log.removeObserver(messages.append)
    probe.close()
    kept.setblocking(False)
    assert kept.recv(10) == b""  # No copy of the probe survives: it reads as closed.
    kept.close()
    assert events == [("data", b"x")]
    assert any("does not provide IFileDescriptorReceiver" in log.textFromEventDict(m)
               for m in messages)


def test_more_descriptors_than_bytes_ends_the_connection(reactor, run, tmp_path):
    from refreactor.internet import error

    class Overrun(protocol.Protocol):
        def connectionMade(self):
            self.transport.sendFileDescriptor(self.factory.descriptor)

        def connectionLost(self, reason):
            self.factory.reason.callback([reason])

    path = str(tmp_path / "s")
    serverFactory = protocol.Factory.forProtocol(Overrun)
    serverFactory.descriptor = os.open(os.devnull, os.O_RDONLY)
    serverFactory.reason = Deferred()
    port = reactor.listenUNIX(path, serverFactory)
    reactor.connectUNIX(path, ClientFactory(Receiver))
    [reason] = run(lambda: untilThenStop(serverFactory.reason, port))
    os.close(serverFactory.descriptor)
    assert reason.check(error.FileDescriptorOverrun)


@pytest.fixture(autouse=True)
def _linuxOnly():
    if not os.path.exists("/proc/net/unix"):
        pytest.skip("abstract names are Linux's")
