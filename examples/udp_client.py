"""A connected UDP client: it sends to, and hears from, one server only."""

import sys

from twisted.internet import protocol, reactor


class Ask(protocol.DatagramProtocol):
    def __init__(self, port):
        self.port = port

    def startProtocol(self):
        self.transport.connect("127.0.0.1", self.port)
        self.transport.write(b"hello over udp")
        # Nothing guarantees an answer over UDP: give up after a while.
        self.timeout = reactor.callLater(2, self.giveUp)

    def datagramReceived(self, datagram, address):
        print("reply:", datagram.decode())
        self.timeout.cancel()
        reactor.stop()

    def giveUp(self):
        print("no reply")
        reactor.stop()


reactor.listenUDP(0, Ask(int(sys.argv[1])), interface="127.0.0.1")
reactor.run()
