"""IReactorMulticast on the reference reactor, on loopback.

The receiver binds the group address itself and joins on 127.0.0.1; the sender's outgoing
multicast interface is 127.0.0.1. So datagrams never leave loopback and no route is needed.
"""

from refreactor.internet import defer, error, protocol
from refreactor.internet.interfaces import IMulticastTransport, IReactorMulticast
from zope.interface.verify import verifyObject

GROUP = "228.0.0.5"


class Receiver(protocol.DatagramProtocol):
    """Collects datagrams; ``done`` fires once ``expected`` have arrived."""

    def __init__(self, expected=1):
        self.expected = expected
        self.received = []
        self.done = defer.Deferred()

    def datagramReceived(self, data, addr):
        self.received.append(data)
        if len(self.received) == self.expected:
            self.done.callback(self.received)


def test_interfaces(reactor):
    assert verifyObject(IReactorMulticast, reactor)
    port = reactor.listenMulticast(0, Receiver(), interface="127.0.0.1")
    assert verifyObject(IMulticastTransport, port)
    port.stopListening()
    port.connectionLost()


def test_options(reactor, run):
    port = reactor.listenMulticast(0, Receiver(), interface="127.0.0.1")

    def go():
        port.setTTL(3)
        port.setLoopbackMode(False)
        assert (port.getTTL(), port.getLoopbackMode()) == (3, False)
        port.setLoopbackMode(True)
        assert port.getLoopbackMode()
        return port.setOutgoingInterface("127.0.0.1").addCallback(
            lambda r: (r, port.getOutgoingInterface())).addBoth(
            lambda r: port.stopListening().addCallback(lambda _: r))

    assert run(go) == (1, "127.0.0.1")


def test_group_delivery_to_two_listeners_then_leave(reactor, run):
    first, second = Receiver(2), Receiver(1)
    a = reactor.listenMulticast(0, first, interface=GROUP, listenMultiple=True)
    groupPort = a.getHost().port
    b = reactor.listenMulticast(groupPort, second, interface=GROUP, listenMultiple=True)
    sender = reactor.listenMulticast(0, protocol.DatagramProtocol(), interface="127.0.0.1")

    def send(data):
        sender.write(data, (GROUP, groupPort))

    def go():
        joined = defer.gatherResults([a.joinGroup(GROUP, "127.0.0.1"),
                                      b.joinGroup(GROUP, "127.0.0.1"),
                                      sender.setOutgoingInterface("127.0.0.1")])
        joined.addCallback(lambda results: send(b"to both") or results)
        both = defer.gatherResults([second.done, joined])
        both.addCallback(lambda r: b.leaveGroup(GROUP, "127.0.0.1").addCallback(
            lambda left: (r[1], left)))
        # Leaving a group one is no longer in fails.
        both.addCallback(lambda r: b.leaveGroup(GROUP, "127.0.0.1").addCallbacks(
            lambda _: "left twice", lambda f: r + (f.type,)))
        both.addCallback(lambda r: send(b"after leave") or first.done.addCallback(
            lambda got: (r, got)))
        return both.addBoth(lambda r: defer.gatherResults(
            [p.stopListening() for p in (a, b, sender)]).addCallback(lambda _: r))

    (joinResults, left, secondLeave), got = run(go)
    assert joinResults == [None, None, 1] and left is None
    assert secondLeave is error.MulticastJoinError
    assert got == [b"to both", b"after leave"]


def test_join_failure(reactor, run):
    port = reactor.listenMulticast(0, Receiver(), interface="127.0.0.1")

    def go():
        d = port.joinGroup("127.0.0.1", "127.0.0.1")  # not a multicast address
        d.addErrback(lambda f: f.type)
        return d.addBoth(lambda r: port.stopListening().addCallback(lambda _: r))

    assert run(go) is error.MulticastJoinError
