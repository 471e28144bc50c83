"""A UDP server: each datagram is answered, upper-cased, to its sender."""

from twisted.internet import protocol, reactor


class Shout(protocol.DatagramProtocol):
    def datagramReceived(self, datagram, address):
        print(f"{len(datagram)} bytes from {address[0]}")
        self.transport.write(datagram.upper(), address)


port = reactor.listenUDP(18005, Shout(), interface="127.0.0.1")
print("listening on UDP port", port.getHost().port)
reactor.run()
