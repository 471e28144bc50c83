"""Connect to tea.sock and print what the server says."""

import sys

from twisted.internet import protocol, reactor


class Reader(protocol.Protocol):
    def dataReceived(self, data):
        sys.stdout.write(data.decode())

    def connectionLost(self, reason):
        reactor.stop()


reactor.connectUNIX("tea.sock", protocol.ClientFactory.forProtocol(Reader))
reactor.run()
