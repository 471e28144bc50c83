"""A server on a UNIX socket: answers each connection with one line."""

from twisted.internet import protocol, reactor


class Clock(protocol.Protocol):
    def connectionMade(self):
        print("a local client connected")
        self.transport.write(b"it is always tea time\n")
        self.transport.loseConnection()


reactor.listenUNIX("tea.sock", protocol.Factory.forProtocol(Clock),
                   mode=0o600, wantPID=True)
reactor.run()
