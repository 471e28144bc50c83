"""Send each command-line argument to the key-value server as a line; print every reply."""

import sys

from twisted.internet import protocol, reactor
from twisted.protocols import basic


class Commands(basic.LineReceiver):
    def connectionMade(self):
        self.waiting = len(self.factory.commands)
        for command in self.factory.commands:
            self.sendLine(command.encode())

    def lineReceived(self, line):
        print(line.decode())
        self.waiting -= 1
        if self.waiting == 0:
            self.transport.loseConnection()


class CommandsFactory(protocol.ClientFactory):
    protocol = Commands

    def __init__(self, commands):
        self.commands = commands

    def clientConnectionFailed(self, connector, reason):
        print("connection failed:", reason.getErrorMessage())
        reactor.stop()

    def clientConnectionLost(self, connector, reason):
        reactor.stop()


reactor.connectTCP("127.0.0.1", 18020, CommandsFactory(sys.argv[1:]))
reactor.run()
