"""IReactorMulticast on loopback: options, join, delivery to two listeners, leave, failures.

The listeners bind the group address and join on 127.0.0.1; the sender's outgoing interface
is 127.0.0.1, so nothing leaves the loopback interface.
"""

from twisted.internet import defer, error, protocol, reactor

GROUP = "228.0.0.7"


class Listener(protocol.DatagramProtocol):
    def __init__(self, label, expected):
        self.label = label
        self.expected = expected
        self.got = []
        self.done = defer.Deferred()

    def datagramReceived(self, data, addr):
        self.got.append(data)
        if len(self.got) == self.expected:
            self.done.callback(self.got)


@defer.inlineCallbacks
def main():
    sender = reactor.listenMulticast(0, protocol.DatagramProtocol(), interface="127.0.0.1")
    print("default TTL:", sender.getTTL(), "loopback:", bool(sender.getLoopbackMode()))
    sender.setTTL(2)
    sender.setLoopbackMode(0)
    print("after set:", sender.getTTL(), bool(sender.getLoopbackMode()))
    sender.setLoopbackMode(1)
    print("setOutgoingInterface:", (yield sender.setOutgoingInterface("127.0.0.1")))
    print("outgoing interface:", sender.getOutgoingInterface())

    first, second = Listener("first", 2), Listener("second", 1)
    a = reactor.listenMulticast(0, first, interface=GROUP, listenMultiple=True)
    port = a.getHost().port
    b = reactor.listenMulticast(port, second, interface=GROUP, listenMultiple=True)
    print("join:", (yield a.joinGroup(GROUP, "127.0.0.1")), (yield b.joinGroup(GROUP, "127.0.0.1")))
    sender.write(b"hello group", (GROUP, port))
    print("second got:", (yield second.done))
    print("leave:", (yield b.leaveGroup(GROUP, "127.0.0.1")))
    try:
        yield b.leaveGroup(GROUP, "127.0.0.1")
    except error.MulticastJoinError:
        print("leave again: MulticastJoinError")
    try:
        yield a.joinGroup("127.0.0.1", "127.0.0.1")
    except error.MulticastJoinError:
        print("join a unicast address: MulticastJoinError")
    sender.write(b"second message", (GROUP, port))
    print("first got:", (yield first.done))
    for p in (a, b, sender):
        yield p.stopListening()
    print("closed")


reactor.callWhenRunning(lambda: main().addErrback(print).addBoth(lambda _: reactor.stop()))
reactor.run()
