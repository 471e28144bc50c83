"""A number-guessing game over a line protocol, with an idle timeout.

The timeout runs on the reactor the factory is given (a test gives a fake one).
"""

from twisted.internet import protocol
from twisted.protocols import basic

IDLE_SECONDS = 30


class Guess(basic.LineReceiver):
    def connectionMade(self):
        self.tries = 0
        reactor = self.factory.reactor
        self.timeout = reactor.callLater(IDLE_SECONDS, self.tooSlow)
        self.sendLine(b"guess my number, from 1 to 100")

    def lineReceived(self, line):
        self.timeout.reset(IDLE_SECONDS)
        try:
            guess = int(line)
        except ValueError:
            self.sendLine(b"that is not a number")
            return
        self.tries += 1
        if guess < self.factory.secret:
            self.sendLine(b"higher")
        elif guess > self.factory.secret:
            self.sendLine(b"lower")
        else:
            self.sendLine(f"right, in {self.tries} tries".encode())
            self.transport.loseConnection()

    def tooSlow(self):
        self.sendLine(b"too slow, goodbye")
        self.transport.loseConnection()

    def connectionLost(self, reason):
        if self.timeout.active():
            self.timeout.cancel()


class GuessFactory(protocol.Factory):
    protocol = Guess

    def __init__(self, reactor, secret):
        self.reactor = reactor
        self.secret = secret


def listen(reactor, port, secret):
    """Serve the game on ``port`` of the loopback address."""
    return reactor.listenTCP(port, GuessFactory(reactor, secret),
                             interface="127.0.0.1")

