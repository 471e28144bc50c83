"""An echo server over TLS: listenSSL with a key and certificate from files."""

from twisted.internet import protocol, reactor, ssl


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


contextFactory = ssl.DefaultOpenSSLContextFactory("server.key", "server.crt")
reactor.listenSSL(18004, protocol.Factory.forProtocol(Echo), contextFactory,
                  interface="127.0.0.1")
reactor.run()
