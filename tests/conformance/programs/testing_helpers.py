"""twisted.internet.testing (and proto_helpers): StringTransport, MemoryReactorClock,
AccumulatingProtocol, with LineReceiver and TimeoutMixin driven by the fake clock."""

from twisted.internet import protocol
from twisted.internet.testing import (
    AccumulatingProtocol,
    MemoryReactorClock,
    StringTransport,
    StringTransportWithDisconnection,
)
from twisted.protocols import basic, policies
from twisted.test import proto_helpers


class Chat(basic.LineReceiver, policies.TimeoutMixin):
    MAX_LENGTH = 10

    def __init__(self, clock):
        self.clock = clock

    def callLater(self, period, func):
        return self.clock.callLater(period, func)

    def connectionMade(self):
        self.setTimeout(5)

    def lineReceived(self, line):
        self.resetTimeout()
        self.sendLine(b"you said " + line)

    def timeoutConnection(self):
        print("timed out at", self.clock.seconds())
        policies.TimeoutMixin.timeoutConnection(self)

    def connectionLost(self, reason):
        print("chat lost:", reason.type.__name__)


print("old name, same class:", proto_helpers.StringTransport is StringTransport)
clock = MemoryReactorClock()
chat = Chat(clock)
transport = StringTransportWithDisconnection()
transport.protocol = chat
chat.makeConnection(transport)
chat.dataReceived(b"hi\r\nthere\r\n")
print("written:", transport.value())
transport.clear()
clock.advance(4)
chat.dataReceived(b"again\r\n")
clock.advance(4)
print("connected after 8s with a reset at 4s:", transport.connected)
clock.advance(1)
print("connected after 9s:", transport.connected, "pending calls:", clock.getDelayedCalls())

plain = StringTransport()
long = Chat(MemoryReactorClock())
long.makeConnection(plain)
long.dataReceived(b"this line is too long\r\n")
print("too long: disconnecting", plain.disconnecting, "written", plain.value())
print("peer:", plain.getPeer(), "host:", plain.getHost())
try:
    plain.write("text")
except TypeError:
    print("write of text: TypeError")
plain.registerProducer(long, True)
try:
    plain.registerProducer(long, True)
except RuntimeError:
    print("second producer: RuntimeError")

reactor = MemoryReactorClock()
factory = protocol.ClientFactory.forProtocol(AccumulatingProtocol)
factory.protocolConnectionMade = None
port = reactor.listenTCP(8080, factory, interface="127.0.0.1")
print("listening on", port.getHost())
connector = reactor.connectTCP("example.com", 80, factory, timeout=7)
print("tcpClients:", [(h, p, t) for h, p, f, t, b in reactor.tcpClients])
print("destination:", connector.getDestination())
reactor.connectUNIX("/tmp/sock", factory)
print("unixClients:", [c[0] for c in reactor.unixClients])
proto = factory.buildProtocol(None)
proto.makeConnection(StringTransport())
proto.dataReceived(b"some ")
proto.dataReceived(b"data")
print("accumulated:", proto.data, "made:", proto.made)
calls = []
reactor.callWhenRunning(calls.append, "started")
reactor.callLater(3, calls.append, "timer")
reactor.run()
reactor.advance(3)
print("calls:", calls, "hasRun:", reactor.hasRun, "running:", reactor.running)
