"""IReactorUDP: echo, connected UDP, datagrams to a closed port, errors, stopListening."""

import socket

from twisted.internet import defer, error, protocol, reactor


def deadPort():
    """A UDP port on 127.0.0.1 that nothing listens on."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Echo(protocol.DatagramProtocol):
    def startProtocol(self):
        print("echo: startProtocol")

    def stopProtocol(self):
        print("echo: stopProtocol")

    def datagramReceived(self, data, addr):
        if data == b"crash":
            raise ValueError("echo refuses to crash")
        self.transport.write(data.upper(), addr)


class Client(protocol.DatagramProtocol):
    def __init__(self, label, expected):
        self.label = label
        self.expected = expected
        self.got = []
        self.done = defer.Deferred()
        self.stopped = defer.Deferred()

    def datagramReceived(self, data, addr):
        self.got.append(data)
        if len(self.got) == self.expected:
            self.done.callback(self.got)

    def connectionRefused(self):
        print(self.label, ": connectionRefused")

    def stopProtocol(self):
        print(self.label, ": stopProtocol")
        self.stopped.callback(None)


@defer.inlineCallbacks
def main():
    echo = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    host = echo.getHost()
    print("echo host:", type(host).__name__, host.type, host.host, host.port > 0)
    try:
        reactor.listenUDP(host.port, Echo(), interface="127.0.0.1")
    except error.CannotListenError:
        print("second listen on the same port: CannotListenError")

    client = Client("plain", 3)
    plain = reactor.listenUDP(0, client, interface="127.0.0.1")
    plain.write(b"lost", ("127.0.0.1", deadPort()))  # unconnected: silently dropped
    for word in (b"one", b"crash", b"two", b"three"):
        plain.write(word, ("127.0.0.1", host.port))
    print("plain got:", (yield client.done))
    try:
        plain.write(b"x" * 70000, ("127.0.0.1", host.port))
    except error.MessageLengthError:
        print("oversized datagram: MessageLengthError")
    print("broadcast allowed:", plain.getBroadcastAllowed())
    plain.setBroadcastAllowed(True)
    print("broadcast allowed:", plain.getBroadcastAllowed())

    client = Client("connected", 2)
    connected = reactor.listenUDP(0, client, interface="127.0.0.1")
    connected.connect("127.0.0.1", host.port)
    try:
        connected.connect("127.0.0.1", host.port)
    except RuntimeError:
        print("second connect: RuntimeError")
    connected.write(b"a")
    connected.writeSequence([b"b", b"c"], None)
    print("connected got:", (yield client.done))

    client = Client("to closed port", 1)
    toClosed = reactor.listenUDP(0, client, interface="127.0.0.1")
    toClosed.connect("127.0.0.1", deadPort())
    toClosed.write(b"anyone?")
    yield client.stopped

    for port in (echo, plain, connected):
        print("stopListening:", (yield port.stopListening()))
    print("stopListening again:", echo.stopListening())


reactor.callWhenRunning(lambda: main().addErrback(print).addBoth(lambda _: reactor.stop()))
reactor.run()
