"""Send each argument to the key-value server as a line; print every reply."""

from sys import argv

from twisted.internet import protocol, reactor
from twisted.protocols.basic import LineReceiver


class Commands(LineReceiver):
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
        print("no server:", reason.getErrorMessage())
        reactor.stop()

    def clientConnectionLost(self, connector, reason):
        reactor.stop()


reactor.connectTCP("127.0.0.1", 18020, CommandsFactory(argv[1:]))
reactor.run()
