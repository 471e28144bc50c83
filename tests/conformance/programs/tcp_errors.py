"""TCP failure paths: listen errors, refused, stopConnecting, timeouts, reconnecting, crashes."""

import socket

from twisted.internet import defer, error, protocol, reactor, task


def freePort():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Recorder(protocol.ClientFactory):
    def __init__(self, label):
        self.label = label
        self.done = defer.Deferred()

    def startedConnecting(self, connector):
        print(self.label, "startedConnecting")

    def clientConnectionFailed(self, connector, reason):
        print(self.label, "clientConnectionFailed:", reason.type.__name__,
              reason.getErrorMessage())
        self.done.callback(None)

    def clientConnectionLost(self, connector, reason):
        print(self.label, "clientConnectionLost:", reason.type.__name__)
        self.done.callback(None)


class Retrying(protocol.ReconnectingClientFactory):
    maxRetries = 2
    initialDelay = delay = 0.01
    factor = 1
    jitter = 0

    def __init__(self):
        self.done = defer.Deferred()
        self.clock = reactor

    def clientConnectionFailed(self, connector, reason):
        print("reconnecting: failed attempt, retries so far", self.retries)
        protocol.ReconnectingClientFactory.clientConnectionFailed(self, connector, reason)
        if self.retries > self.maxRetries:
            print("reconnecting: gave up")
            self.done.callback(None)


class Fragile(protocol.Protocol):
    def dataReceived(self, data):
        if data == b"crash":
            raise RuntimeError("protocol bug")
        self.transport.write(b"ok:" + data)


class Sender(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(self.factory.message)

    def dataReceived(self, data):
        print(self.factory.label, "got", data.decode())
        self.transport.loseConnection()


def sleep(seconds):
    return task.deferLater(reactor, seconds, lambda: None)


@defer.inlineCallbacks
def main():
    holder = reactor.listenTCP(0, protocol.Factory(), interface="127.0.0.1")
    try:
        reactor.listenTCP(holder.getHost().port, protocol.Factory(), interface="127.0.0.1")
    except error.CannotListenError as e:
        print("CannotListenError on interface", e.interface)
    yield holder.stopListening()

    refused = Recorder("refused")
    reactor.connectTCP("127.0.0.1", freePort(), refused)
    yield refused.done

    stopped = Recorder("stopConnecting")
    connector = reactor.connectTCP("127.0.0.1", freePort(), stopped)
    connector.stopConnecting()
    yield stopped.done
    try:
        connector.stopConnecting()
    except error.NotConnectingError:
        print("stopConnecting again: NotConnectingError")

    retrying = Retrying()
    reactor.connectTCP("127.0.0.1", freePort(), retrying)
    yield retrying.done

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Fragile), interface="127.0.0.1")
    for label, message in (("crasher", b"crash"), ("survivor", b"fine")):
        factory = Recorder(label)
        factory.protocol = Sender
        factory.message = message
        reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
        yield factory.done
    yield port.stopListening()

    # A listener with a full backlog that never accepts: further SYNs go unanswered.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = [socket.socket() for _ in range(3)]
    for s in fillers:
        s.setblocking(False)
        s.connect_ex(listener.getsockname())
    slow = Recorder("timeout")
    reactor.connectTCP("127.0.0.1", listener.getsockname()[1], slow, timeout=0.2)
    yield slow.done
    for s in fillers + [listener]:
        s.close()
    yield sleep(0.01)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
