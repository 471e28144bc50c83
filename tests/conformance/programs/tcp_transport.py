"""ITransport and friends: flushing close, abort, half-close, push and pull producers."""

from twisted.internet import defer, interfaces, protocol, reactor
from zope.interface import implementer

BIG = b"0123456789" * 200_000


class Sink(protocol.Protocol):
    """Counts what arrives; reports the total and how the connection ended."""

    def connectionMade(self):
        self.count = 0

    def dataReceived(self, data):
        self.count += len(data)

    def connectionLost(self, reason):
        self.factory.done.callback((self.count, reason.type.__name__))


class Scenario(protocol.Factory):
    """A server factory whose protocol is the scenario under test."""

    def __init__(self, protocolClass):
        self.protocol = protocolClass


class BigThenClose(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(BIG)
        self.transport.loseConnection()


class WriteThenAbort(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(BIG)
        self.transport.abortConnection()

    def connectionLost(self, reason):
        print("aborting side connectionLost:", reason.type.__name__, reason.getErrorMessage())


class StreamingProducer:
    def __init__(self, transport):
        self.transport = transport
        self.sent = 0
        self.paused = False
        self.pauses = 0

    def pauseProducing(self):
        self.paused = True
        self.pauses += 1

    def resumeProducing(self):
        self.paused = False
        self.produce()

    def stopProducing(self):
        print("push producer stopProducing")

    def produce(self):
        while not self.paused and self.sent < len(BIG) * 2:
            self.transport.write(BIG[:100_000])
            self.sent += 100_000
        if self.sent >= len(BIG) * 2 and not self.paused:
            print("push producer paused at least once:", self.pauses > 0)
            self.transport.unregisterProducer()
            self.transport.loseConnection()


class PushProducing(protocol.Protocol):
    def connectionMade(self):
        producer = StreamingProducer(self.transport)
        self.transport.registerProducer(producer, True)
        producer.produce()


class PullProducer:
    def __init__(self, transport):
        self.transport = transport
        self.chunks = 0

    def resumeProducing(self):
        if self.chunks < 50:
            self.chunks += 1
            self.transport.write(b"x" * 1000)
        else:
            print("pull producer wrote", self.chunks, "chunks when asked")
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    def stopProducing(self):
        pass


class PullProducing(protocol.Protocol):
    def connectionMade(self):
        self.transport.registerProducer(PullProducer(self.transport), False)


@implementer(interfaces.IHalfCloseableProtocol)
class HalfCloseServer(protocol.Protocol):
    def connectionMade(self):
        self.request = b""

    def dataReceived(self, data):
        self.request += data

    def readConnectionLost(self):
        print("server readConnectionLost, request:", self.request.decode())
        self.transport.write(self.request.upper())
        self.transport.loseConnection()

    def writeConnectionLost(self):
        print("server writeConnectionLost")


@implementer(interfaces.IHalfCloseableProtocol)
class HalfCloseClient(protocol.Protocol):
    def connectionMade(self):
        self.answer = b""
        self.transport.write(b"question")
        self.transport.loseWriteConnection()

    def dataReceived(self, data):
        self.answer += data

    def readConnectionLost(self):
        print("client readConnectionLost, answer:", self.answer.decode())
        self.transport.loseConnection()

    def writeConnectionLost(self):
        print("client writeConnectionLost")

    def connectionLost(self, reason):
        self.factory.done.callback((len(self.answer), reason.type.__name__))


@defer.inlineCallbacks
def scenario(label, serverProtocol, clientProtocol=Sink):
    port = reactor.listenTCP(0, Scenario(serverProtocol), interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(clientProtocol)
    factory.done = defer.Deferred()
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    count, reason = yield factory.done
    yield port.stopListening()
    print(f"{label}: client got {count} bytes, connectionLost {reason}")


@defer.inlineCallbacks
def main():
    yield scenario("loseConnection after a big write", BigThenClose)
    yield scenario("abortConnection", WriteThenAbort)
    yield scenario("push producer", PushProducing)
    yield scenario("pull producer", PullProducing)
    yield scenario("half-close", HalfCloseServer, HalfCloseClient)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
