"""Length-prefixed messages: each arrives whole, newlines and NUL bytes too."""

from twisted.internet import protocol, reactor
from twisted.protocols.basic import Int32StringReceiver

MESSAGES = [b"a short one", b"two\nlines", b"\x00\x01\x02 binary",
            b"x" * 50_000]


class Receiver(Int32StringReceiver):
    def stringReceived(self, string):
        preview = string[:16] + (b"..." if len(string) > 16 else b"")
        print(f"received {len(string)} bytes: {preview!r}")
        self.sendString(b"thanks")


class Sender(Int32StringReceiver):
    def connectionMade(self):
        self.replies = 0
        for message in MESSAGES:
            self.sendString(message)

    def stringReceived(self, string):
        self.replies += 1
        if self.replies == len(MESSAGES):
            print(f"{self.replies} replies")
            self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


port = reactor.listenTCP(0, protocol.Factory.forProtocol(Receiver),
                        interface="127.0.0.1")
client = protocol.ClientCreator(reactor, Sender)
client.connectTCP("127.0.0.1", port.getHost().port)
reactor.run()
