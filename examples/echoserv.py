"""A TCP echo server: a Protocol instance per connection, built by a Factory."""

from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def connectionMade(self):
        self.factory.connections += 1
        peer = self.transport.getPeer().host
        print(f"connection {self.factory.connections} from {peer}")

    def dataReceived(self, data):
        self.transport.write(data)


class EchoFactory(protocol.Factory):
    protocol = Echo

    def __init__(self):
        self.connections = 0


reactor.listenTCP(18001, EchoFactory(), interface="127.0.0.1")
reactor.run()
