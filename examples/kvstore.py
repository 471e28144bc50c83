"""A line-based key-value server: a command per line, a reply line to each."""

from twisted.internet import protocol, reactor
from twisted.protocols.basic import LineReceiver


class KeyValue(LineReceiver):
    MAX_LENGTH = 200

    def lineReceived(self, line):
        command, _, rest = line.decode("utf-8", "replace").partition(" ")
        handler = getattr(self, "do_" + command.lower(), None)
        if handler is None:
            self.sendLine(f"error: unknown command {command!r}".encode())
        else:
            self.sendLine(handler(rest).encode())

    def do_set(self, rest):
        key, _, value = rest.partition(" ")
        self.factory.store[key] = value
        return "ok"

    def do_get(self, rest):
        return self.factory.store.get(rest, "(not set)")

    def lineLengthExceeded(self, line):
        self.sendLine(b"error: line too long")
        self.transport.loseConnection()


class KeyValueFactory(protocol.Factory):
    protocol = KeyValue

    def __init__(self):
        self.store = {}


reactor.listenTCP(18020, KeyValueFactory(), interface="127.0.0.1")
reactor.run()
