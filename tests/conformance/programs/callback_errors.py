"""Errors in protocol callbacks and misuse of transports, as Twisted's example programs meet them.

An exception in a server protocol's connectionMade is logged and the connection kept; one in
a ProcessProtocol's connectionMade is logged and spawnProcess returns; writing str fails with
"Data must be bytes" on TCP and process transports; reactor.resolve answers from the loop.
"""

import sys

from twisted.internet import defer, protocol, reactor
from twisted.python import log

errors = []
log.addObserver(lambda event: event.get("isError") and errors.append(
    event["failure"].getErrorMessage()))


class RaisesOnConnect(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"greeting")
        raise RuntimeError("server connectionMade bug")

    def dataReceived(self, data):
        self.transport.write(b" / reply to " + data)
        self.transport.loseConnection()


class Client(protocol.Protocol):
    def connectionMade(self):
        self.received = b""
        try:
            self.transport.write("text")
        except TypeError as e:
            print("tcp write(str):", e)
        self.transport.write(b"ping")

    def dataReceived(self, data):
        self.received += data

    def connectionLost(self, reason):
        self.factory.done.callback(self.received)


class ClientFactory(protocol.ClientFactory):
    protocol = Client

    def __init__(self):
        self.done = defer.Deferred()


class ProcessRaisesOnConnect(protocol.ProcessProtocol):
    def connectionMade(self):
        raise RuntimeError("process connectionMade bug")


@defer.inlineCallbacks
def main():
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(RaisesOnConnect),
                             interface="127.0.0.1")
    factory = ClientFactory()
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    received = yield factory.done
    print("connection kept after the server's error; client got:", received.decode())
    yield port.stopListening()

    proto = ProcessRaisesOnConnect()
    transport = reactor.spawnProcess(proto, sys.executable,
                                     [sys.executable, "-c", "print('child ran')"], env=None)
    print("spawnProcess returned a transport:", transport is not None)
    try:
        transport.write("text")
    except TypeError as e:
        print("process write(str):", e)
    # (Twisted never reports the end of a process whose connectionMade raised: not waited for.)

    print("resolved from the loop:", (yield lookup))
    print("errors logged:", sorted(errors))


lookup = reactor.resolve("localhost")
print("resolve fired before run:", lookup.called)
reactor.callWhenRunning(lambda: main().addBoth(lambda result: reactor.stop()))
reactor.run()
