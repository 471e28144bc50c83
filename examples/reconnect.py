"""ReconnectingClientFactory: each connection sends a line; lost ones retry."""

from twisted.internet import protocol, reactor


class OneShot(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(f"visit {self.factory.visits}".encode())

    def dataReceived(self, data):
        print("echo:", data.decode())
        self.transport.loseConnection()


class Visitor(protocol.ReconnectingClientFactory):
    protocol = OneShot
    maxDelay = 0.2

    def __init__(self):
        self.visits = 0

    def buildProtocol(self, addr):
        self.resetDelay()
        self.visits += 1
        return super().buildProtocol(addr)

    def clientConnectionLost(self, connector, reason):
        if self.visits == 3:
            self.stopTrying()
            reactor.stop()
        else:
            super().clientConnectionLost(connector, reason)


reactor.connectTCP("127.0.0.1", 18001, Visitor())
reactor.run()
