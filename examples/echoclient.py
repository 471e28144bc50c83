"""A TCP client: connect, send one message, print the echo, disconnect."""

import sys

from twisted.internet import protocol, reactor


class EchoClient(protocol.Protocol):
    def connectionMade(self):
        self.received = b""
        self.transport.write(self.factory.message.encode())

    def dataReceived(self, data):
        # TCP is a stream: the echo may arrive in several pieces.
        self.received += data
        if len(self.received) >= len(self.factory.message.encode()):
            print("server echoed:", self.received.decode())
            self.transport.loseConnection()


class EchoClientFactory(protocol.ClientFactory):
    protocol = EchoClient

    def __init__(self, message):
        self.message = message

    def clientConnectionFailed(self, connector, reason):
        print("connection failed:", reason.type.__name__)
        reactor.stop()

    def clientConnectionLost(self, connector, reason):
        reactor.stop()


message = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 18001
reactor.connectTCP("127.0.0.1", port, EchoClientFactory(message))
reactor.run()
