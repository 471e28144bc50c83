"""IReactorTCP over IPv4 and IPv6: factory and protocol lifecycle, addresses, stopListening."""

from twisted.internet import defer, protocol, reactor

events = []


class Echo(protocol.Protocol):
    def connectionMade(self):
        host, peer = self.transport.getHost(), self.transport.getPeer()
        events.append(f"server connectionMade {host.type} {host.host} peer {peer.host}")

    def dataReceived(self, data):
        self.transport.write(data)

    def connectionLost(self, reason):
        events.append(f"server connectionLost {reason.type.__name__}")


class EchoFactory(protocol.Factory):
    protocol = Echo

    def startFactory(self):
        events.append("server startFactory")

    def stopFactory(self):
        events.append("server stopFactory")

    def buildProtocol(self, addr):
        events.append(f"server buildProtocol {addr.type} {addr.host}")
        return protocol.Factory.buildProtocol(self, addr)


class Client(protocol.Protocol):
    def connectionMade(self):
        self.received = b""
        t = self.transport
        t.setTcpNoDelay(True)
        t.setTcpKeepAlive(True)
        print("client options:", bool(t.getTcpNoDelay()), bool(t.getTcpKeepAlive()))
        print("client peer:", t.getPeer().type, t.getPeer().host)
        t.write(b"hello ")
        t.writeSequence([b"over ", b"tcp"])

    def dataReceived(self, data):
        self.received += data
        if self.received == b"hello over tcp":
            print("client received:", self.received.decode())
            self.transport.loseConnection()

    def connectionLost(self, reason):
        print("client connectionLost:", reason.type.__name__, reason.getErrorMessage())


class ClientFactory(protocol.ClientFactory):
    protocol = Client

    def __init__(self):
        self.done = defer.Deferred()

    def startFactory(self):
        print("client startFactory")

    def stopFactory(self):
        print("client stopFactory")

    def startedConnecting(self, connector):
        print("client startedConnecting to", connector.getDestination().host)

    def buildProtocol(self, addr):
        print("client buildProtocol", addr.type, addr.host)
        return protocol.ClientFactory.buildProtocol(self, addr)

    def clientConnectionLost(self, connector, reason):
        print("clientConnectionLost:", reason.type.__name__)
        reactor.callLater(0.05, self.done.callback, None)


@defer.inlineCallbacks
def exchange(interface):
    print(f"--- {interface}")
    port = reactor.listenTCP(0, EchoFactory(), interface=interface)
    print("port host:", port.getHost().type, port.getHost().host)
    factory = ClientFactory()
    reactor.connectTCP(interface, port.getHost().port, factory)
    yield factory.done
    result = yield port.stopListening()
    print("stopListening fired with", result)
    for line in events:
        print(line)
    del events[:]


@defer.inlineCallbacks
def main():
    yield exchange("127.0.0.1")
    yield exchange("::1")
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
