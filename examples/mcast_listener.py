"""Join a multicast group and acknowledge each datagram sent to it."""

from twisted.internet import protocol, reactor

GROUP, PORT = "228.0.0.5", 18006


class Listener(protocol.DatagramProtocol):
    def startProtocol(self):
        self.transport.setTTL(1)
        # Join on the loopback interface: the example works without a network.
        self.transport.joinGroup(GROUP, "127.0.0.1").addCallback(self.joined)

    def joined(self, _):
        print("joined group", GROUP)

    def datagramReceived(self, datagram, address):
        print("group message:", datagram.decode())
        self.transport.write(b"ack", address)


reactor.listenMulticast(PORT, Listener(), listenMultiple=True)
reactor.run()
