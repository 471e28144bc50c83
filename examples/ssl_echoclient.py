"""A TLS client: connectSSL, send a line, print the echo."""

import sys

from twisted.internet import protocol, reactor, ssl


class Client(protocol.Protocol):
    def connectionMade(self):
        self.received = b""
        self.transport.write(sys.argv[1].encode())

    def dataReceived(self, data):
        self.received += data
        if len(self.received) >= len(sys.argv[1].encode()):
            print("over TLS:", self.received.decode())
            self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


# ClientContextFactory encrypts but does not check who the server is: fine for a
# throwaway local certificate, not for talking to the Internet.
reactor.connectSSL("127.0.0.1", 18004,
                   protocol.ClientFactory.forProtocol(Client),
                   ssl.ClientContextFactory())
reactor.run()
