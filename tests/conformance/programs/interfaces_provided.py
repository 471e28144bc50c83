"""The reactor, its ports, transports, connectors and calls provide the documented interfaces."""

from twisted.internet import defer, interfaces, protocol, reactor
from zope.interface.verify import verifyObject

REACTOR_INTERFACES = ["IReactorCore", "IReactorTime", "IReactorTCP", "IReactorSSL",
                      "IReactorUNIX", "IReactorUNIXDatagram", "IReactorFDSet"]

for name in REACTOR_INTERFACES:
    print(name, verifyObject(getattr(interfaces, name), reactor))

done = defer.Deferred()


class Check(protocol.Protocol):
    def connectionMade(self):
        for name in ("ITransport", "ITCPTransport", "IConsumer", "IPushProducer"):
            print(self.factory.side, name, verifyObject(getattr(interfaces, name), self.transport))
        print(self.factory.side, "IProtocol", verifyObject(interfaces.IProtocol, self))
        print(self.factory.side, "address provides IAddress",
              interfaces.IAddress.providedBy(self.transport.getPeer()))
        if self.factory.side == "client":
            self.transport.loseConnection()

    def connectionLost(self, reason):
        if self.factory.side == "client":
            done.callback(None)


def main():
    server = protocol.Factory.forProtocol(Check)
    server.side = "server"
    print("IProtocolFactory", verifyObject(interfaces.IProtocolFactory, server))
    port = reactor.listenTCP(0, server, interface="127.0.0.1")
    print("IListeningPort", verifyObject(interfaces.IListeningPort, port))
    client = protocol.ClientFactory.forProtocol(Check)
    client.side = "client"
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, client)
    print("IConnector", verifyObject(interfaces.IConnector, connector))
    call = reactor.callLater(10, print, "never")
    print("IDelayedCall", verifyObject(interfaces.IDelayedCall, call))
    call.cancel()
    done.addCallback(lambda _: port.stopListening()).addCallback(lambda _: reactor.stop())


reactor.callWhenRunning(main)
reactor.run()
