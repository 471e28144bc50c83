"""Soak: 2,000 concurrent TCP connections on loopback, 100 messages each, every byte checked."""

import resource

from refreactor.internet import protocol
from refreactor.internet.defer import Deferred

CONNECTIONS = 2000
MESSAGES = 100
WINDOW = 10  # Messages in flight per connection.


def _message(connection, index):
    return f"[{connection:04d}:{index:03d}]".encode() * 4


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.factory.bytesReceived += len(data)
        self.transport.write(data)


class Client(protocol.Protocol):
    def connectionMade(self):
        self.number = self.factory.nextNumber
        self.factory.nextNumber += 1
        self.expected = b"".join(_message(self.number, i) for i in range(MESSAGES))
        self.received = bytearray()
        self.sent = 0
        self._sendWindow()

    def _sendWindow(self):
        burst = [_message(self.number, self.sent + i) for i in range(WINDOW)]
        self.sent += WINDOW
        self.transport.writeSequence(burst)

    def dataReceived(self, data):
        self.received += data
        if len(self.received) == len(_message(0, 0)) * self.sent:
            if self.sent < MESSAGES:
                self._sendWindow()
            else:
                self.transport.loseConnection()

    def connectionLost(self, reason):
        factory = self.factory
        factory.results.append(bytes(self.received) == self.expected)
        if len(factory.results) == CONNECTIONS:
            factory.done.callback(None)


def test_two_thousand_connections_exchange_every_byte(reactor, run):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 2 * CONNECTIONS + 200
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, needed), hard))
    serverFactory = protocol.Factory.forProtocol(Echo)
    serverFactory.bytesReceived = 0
    port = reactor.listenTCP(0, serverFactory, backlog=CONNECTIONS, interface="127.0.0.1")
    clientFactory = protocol.ClientFactory.forProtocol(Client)
    clientFactory.nextNumber = 0
    clientFactory.results = []
    clientFactory.done = Deferred()
    for _ in range(CONNECTIONS):
        reactor.connectTCP("127.0.0.1", port.getHost().port, clientFactory)
    run(lambda: clientFactory.done.addCallback(lambda _: port.stopListening()), timeout=120)
    assert clientFactory.results == [True] * CONNECTIONS
    assert serverFactory.bytesReceived == CONNECTIONS * MESSAGES * len(_message(0, 0))
