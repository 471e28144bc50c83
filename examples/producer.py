"""A pull producer feeding a transport, and a client counting what arrives."""

from twisted.internet import interfaces, protocol, reactor
from zope.interface import implementer

LINES = 10000


@implementer(interfaces.IPullProducer)
class Numbers:
    """Write the next line each time the transport asks for more."""

    def __init__(self, transport):
        self.transport = transport
        self.next = 0

    def resumeProducing(self):
        self.transport.write(f"line {self.next}\n".encode())
        self.next += 1
        if self.next == LINES:
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    def stopProducing(self):
        pass


class Source(protocol.Protocol):
    def connectionMade(self):
        self.transport.registerProducer(Numbers(self.transport),
                                        streaming=False)


class Counter(protocol.Protocol):
    def connectionMade(self):
        self.received = b""

    def dataReceived(self, data):
        self.received += data

    def connectionLost(self, reason):
        lines = self.received.splitlines()
        last = lines[-1].decode()
        print(f"received {len(lines)} lines, the last one {last!r}")
        reactor.stop()


port = reactor.listenTCP(0, protocol.Factory.forProtocol(Source),
                        interface="127.0.0.1")
reactor.connectTCP("127.0.0.1", port.getHost().port,
                   protocol.ClientFactory.forProtocol(Counter))
reactor.run()
