"""Half-close: the client shuts its writing side; the server still answers."""

import sys

from twisted.internet import interfaces, protocol, reactor
from zope.interface import implementer


@implementer(interfaces.IHalfCloseableProtocol)
class WordCounter(protocol.Protocol):
    """Server side: count words until the peer has nothing more to send."""

    def connectionMade(self):
        self.text = b""

    def dataReceived(self, data):
        self.text += data

    def readConnectionLost(self):
        self.transport.write(f"{len(self.text.split())} words\n".encode())
        self.transport.loseConnection()

    def writeConnectionLost(self):
        pass


@implementer(interfaces.IHalfCloseableProtocol)
class Sender(protocol.Protocol):
    """Client side: send pieces, close the writing half, print the answer."""

    def connectionMade(self):
        self.transport.writeSequence(
            [b"the quick brown fox ", b"jumps over ", b"the lazy dog"])
        self.transport.loseWriteConnection()

    def dataReceived(self, data):
        sys.stdout.write("server says: " + data.decode())

    def connectionLost(self, reason):
        reactor.stop()

    def readConnectionLost(self):
        self.transport.loseConnection()

    def writeConnectionLost(self):
        pass


port = reactor.listenTCP(0, protocol.Factory.forProtocol(WordCounter),
                        interface="127.0.0.1")
reactor.connectTCP("127.0.0.1", port.getHost().port,
                   protocol.ClientFactory.forProtocol(Sender))
reactor.run()
