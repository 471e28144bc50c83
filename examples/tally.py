"""Read numbers from standard input, one a line; answer on standard output."""

from twisted.internet import interfaces, reactor, stdio
from twisted.protocols import basic
from zope.interface import implementer


@implementer(interfaces.IHalfCloseableProtocol)
class Tally(basic.LineReceiver):
    # A terminal or a pipe ends lines with a bare newline.
    delimiter = b"\n"

    def connectionMade(self):
        self.count = 0
        self.total = 0

    def lineReceived(self, line):
        try:
            number = int(line)
        except ValueError:
            self.sendLine(b"not a number: " + line)
            return
        self.count += 1
        self.total += number
        self.sendLine(f"running total: {self.total}".encode())

    def readConnectionLost(self):
        # Standard input is closed; standard output is still open for the sum.
        self.sendLine(f"{self.count} numbers, total {self.total}".encode())
        self.transport.loseConnection()

    def writeConnectionLost(self):
        self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


stdio.StandardIO(Tally())
reactor.run()
