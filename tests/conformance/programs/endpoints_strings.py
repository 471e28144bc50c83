"""Endpoints: descriptions, listen and connect on loopback, and their failure paths."""

import os
import socket
import tempfile

from twisted.internet import defer, endpoints, error, protocol, reactor
from twisted.internet.interfaces import IStreamClientEndpoint, IStreamServerEndpoint
from twisted.python.failure import Failure


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    def __init__(self, label):
        self.label = label
        self.answered = defer.Deferred()

    def connectionMade(self):
        print(self.label, "connected, transport is", type(self.transport).__name__)
        self.transport.write(b"hi from " + self.label.encode())

    def dataReceived(self, data):
        print(self.label, "got", data)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print(self.label, "lost:", reason.type.__name__)
        self.answered.callback(None)


def freePort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report(label, failure):
    print(label, "failed:", failure.type.__name__)


@defer.inlineCallbacks
def roundTrip(label, serverDescription, clientDescription):
    server = endpoints.serverFromString(reactor, serverDescription)
    print(label, "server endpoint", type(server).__name__,
          IStreamServerEndpoint.providedBy(server))
    port = yield server.listen(protocol.Factory.forProtocol(Echo))
    if "%d" in clientDescription:
        clientDescription = clientDescription % port.getHost().port
    client = endpoints.clientFromString(reactor, clientDescription)
    print(label, "client endpoint", type(client).__name__,
          IStreamClientEndpoint.providedBy(client))
    greeter = yield endpoints.connectProtocol(client, Greeter(label))
    yield greeter.answered
    yield port.stopListening()


@defer.inlineCallbacks
def main():
    yield roundTrip("tcp", "tcp:0:interface=127.0.0.1", "tcp:127.0.0.1:%d")
    yield roundTrip("tcp6", "tcp6:port=0:interface=\\:\\:1", "tcp:host=\\:\\:1:port=%d")
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "s:ock")
    quoted = endpoints.quoteStringArgument(path)
    yield roundTrip("unix", "unix:" + quoted + ":mode=600", "unix:path=" + quoted + ":timeout=5")

    port = yield endpoints.TCP6ServerEndpoint(reactor, 0).listen(
        protocol.Factory.forProtocol(Echo))
    greeter = yield endpoints.connectProtocol(
        endpoints.HostnameEndpoint(reactor, b"localhost", port.getHost().port),
        Greeter("hostname"))
    yield greeter.answered
    yield port.stopListening()

    for make, description in [
            (endpoints.serverFromString, "tcp:80:colour=blue"),
            (endpoints.serverFromString, "tcp:eighty"),
            (endpoints.serverFromString, "carrier-pigeon:80"),
            (endpoints.clientFromString, "tcp:example.com:80:colour=blue"),
            (endpoints.clientFromString, "carrier-pigeon:home")]:
        try:
            make(reactor, description)
        except (TypeError, ValueError) as e:
            print(description, "->", type(e).__name__)
    try:
        endpoints.serverFromString(reactor, "pigeon:80")
    except ValueError as e:
        print(e)

    closed = freePort()
    for endpoint in (endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", closed),
                     endpoints.HostnameEndpoint(reactor, "127.0.0.1", closed),
                     endpoints.UNIXClientEndpoint(reactor, os.path.join(folder, "none"))):
        try:
            yield endpoint.connect(protocol.Factory.forProtocol(Echo))
        except Exception:
            report(type(endpoint).__name__ + " to nothing", Failure())

    holder = yield endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(
        protocol.Factory.forProtocol(Echo))
    try:
        yield endpoints.TCP4ServerEndpoint(reactor, holder.getHost().port,
                                           interface="127.0.0.1").listen(protocol.Factory())
    except error.CannotListenError:
        print("busy port: CannotListenError")

    class Nothing(protocol.Factory):
        def buildProtocol(self, addr):
            return None

    try:
        yield endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1",
                                           holder.getHost().port).connect(Nothing())
    except error.NoProtocol:
        print("factory built nothing: NoProtocol")
    attempt = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", holder.getHost().port).connect(
        protocol.Factory.forProtocol(Echo))
    attempt.cancel()
    try:
        yield attempt
    except error.ConnectingCancelledError as e:
        print("cancelled:", type(e).__name__, e.address.host)
    yield holder.stopListening()


def start():
    main().addErrback(lambda f: print("main failed:", f.getTraceback())).addBoth(
        lambda _: reactor.stop())


reactor.callWhenRunning(start)
reactor.run()
print("done")
