"""Send one datagram to a multicast group and wait for an acknowledgement."""

from twisted.internet import protocol, reactor

GROUP, PORT = "228.0.0.5", 18006


class Sender(protocol.DatagramProtocol):
    def startProtocol(self):
        # Loopback mode lets listeners on this machine receive what we send.
        self.transport.setLoopbackMode(True)
        self.transport.setOutgoingInterface("127.0.0.1").addCallback(self.send)

    def send(self, _):
        self.transport.write(b"hello, group", (GROUP, PORT))

    def datagramReceived(self, datagram, address):
        print("acknowledged:", datagram.decode())
        reactor.stop()


reactor.listenMulticast(0, Sender())
reactor.run()
