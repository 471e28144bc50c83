"""twisted.protocols.basic over real TCP: lines, raw mode, MAX_LENGTH, netstrings, prefixes."""

import io
import struct

from twisted.internet import defer, protocol, reactor, task
from twisted.protocols import basic


def sleep(seconds):
    return task.deferLater(reactor, seconds, lambda: None)


class LineServer(basic.LineReceiver):
    MAX_LENGTH = 20

    def connectionMade(self):
        print("server: connected")

    def lineReceived(self, line):
        print("server line:", line)
        if line == b"RAW 5":
            self.setRawMode()
            self.rawLeft = 5
        elif line == b"FILE":
            self.sendLine(b"FILE 600")
            d = basic.FileSender().beginFileTransfer(io.BytesIO(b"f" * 600), self.transport)
            d.addCallback(lambda last: print("server: file sent, last byte", last))
        else:
            self.sendLine(b"echo " + line)

    def rawDataReceived(self, data):
        taken, rest = data[:self.rawLeft], data[self.rawLeft:]
        print("server raw:", taken)
        self.rawLeft -= len(taken)
        if not self.rawLeft:
            self.setLineMode(rest)

    def lineLengthExceeded(self, line):
        print("server: line too long, starts", line[:10])
        return basic.LineReceiver.lineLengthExceeded(self, line)

    def connectionLost(self, reason):
        print("server: lost,", reason.type.__name__)


class LineClient(basic.LineReceiver):
    def connectionMade(self):
        self.fileBytes = 0
        self.transport.write(b"hel")
        self.transport.write(b"lo\r\nRAW 5\r\nab")
        self.transport.write(b"cdeafter raw\r\n\r\nFILE\r\n")

    def lineReceived(self, line):
        print("client line:", line)
        if line.startswith(b"FILE"):
            self.setRawMode()

    def rawDataReceived(self, data):
        self.fileBytes += len(data)
        if self.fileBytes == 600:
            print("client: file of", self.fileBytes, "bytes")
            self.setLineMode()
            self.sendLine(b"x" * 30 + b" is too long")

    def connectionLost(self, reason):
        print("client: lost,", reason.type.__name__)
        self.factory.done.callback(None)


class Netstrings(basic.NetstringReceiver):
    MAX_LENGTH = 50

    def stringReceived(self, string):
        print("netstring:", string)
        self.sendString(string[::-1])

    def connectionLost(self, reason):
        print("netstring server: lost, brokenPeer", self.brokenPeer)


class NetstringClient(basic.NetstringReceiver):
    def connectionMade(self):
        self.sendString(b"hello")
        self.sendString(b"")
        self.transport.write(self.factory.bad)

    def stringReceived(self, string):
        print("netstring reply:", string)

    def connectionLost(self, reason):
        self.factory.done.callback(None)


class Int16Server(basic.Int16StringReceiver):
    MAX_LENGTH = 8

    def stringReceived(self, string):
        print("int16:", string)

    def lengthLimitExceeded(self, length):
        print("int16: length limit exceeded,", length)
        basic.Int16StringReceiver.lengthLimitExceeded(self, length)


class Int16Client(basic.Int16StringReceiver):
    def connectionMade(self):
        wire = struct.pack("!H", 3) + b"one" + struct.pack("!H", 0)
        for byte in wire:
            self.transport.write(bytes([byte]))
        self.sendString(b"two")
        self.sendString(b"much too long")
        try:
            basic.Int8StringReceiver.sendString(self, b"z" * 256)
        except basic.StringTooLongError:
            print("int8 sendString: StringTooLongError")

    def connectionLost(self, reason):
        self.factory.done.callback(None)


def serve(protocolClass):
    return reactor.listenTCP(0, protocol.Factory.forProtocol(protocolClass),
                             interface="127.0.0.1")


def connect(protocolClass, port, **attrs):
    factory = protocol.ClientFactory.forProtocol(protocolClass)
    factory.done = defer.Deferred()
    for name, value in attrs.items():
        setattr(factory, name, value)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    return factory.done


@defer.inlineCallbacks
def main():
    port = serve(LineServer)
    yield connect(LineClient, port)
    yield sleep(0.05)
    yield port.stopListening()
    port = serve(Netstrings)
    for bad in (b"3:abcd", b"x:", b"51:", b"007:"):
        print("-- sending", bad)
        yield connect(NetstringClient, port, bad=bad)
        yield sleep(0.05)
    yield port.stopListening()
    port = serve(Int16Server)
    yield connect(Int16Client, port)
    yield port.stopListening()
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
print("done")
