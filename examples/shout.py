"""An echo server that can shout: its service, made from its options."""

from twisted.application import strports
from twisted.internet import protocol
from twisted.python import usage


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data.upper() if self.factory.shout else data)


class EchoFactory(protocol.Factory):
    protocol = Echo

    def __init__(self, shout):
        self.shout = shout


class Options(usage.Options):
    optParameters = [["port", "p", 18050, "The TCP port to listen on.", int]]
    optFlags = [["shout", "s", "Answer in capital letters."]]


def makeService(options):
    """The service listening on the loopback address, as the options say."""
    description = f"tcp:{options['port']}:interface=127.0.0.1"
    return strports.service(description, EchoFactory(bool(options["shout"])))
