"""IReactorUNIX and IReactorUNIXDatagram: stream echo, mode, PID locks, datagrams, failures."""

import os
import stat

from twisted.internet import defer, error, protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Client(protocol.Protocol):
    def connectionMade(self):
        print("client peer:", self.transport.getPeer(), "host:", self.transport.getHost())
        self.transport.write(b"over a unix socket")

    def dataReceived(self, data):
        print("client received:", data.decode())
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print("client connectionLost:", reason.type.__name__)


class Factory(protocol.ClientFactory):
    protocol = Client

    def __init__(self, label):
        self.label = label
        self.done = defer.Deferred()

    def clientConnectionFailed(self, connector, reason):
        print(self.label, "clientConnectionFailed:", reason.type.__name__)
        self.done.callback(None)

    def clientConnectionLost(self, connector, reason):
        print(self.label, "clientConnectionLost:", reason.type.__name__)
        self.done.callback(None)


class DatagramServer(protocol.DatagramProtocol):
    def startProtocol(self):
        print("datagram server startProtocol")

    def stopProtocol(self):
        print("datagram server stopProtocol")

    def datagramReceived(self, data, addr):
        print("datagram server received:", data.decode(), "from", addr)
        self.transport.write(data.upper(), addr)


class DatagramClient(protocol.ConnectedDatagramProtocol):
    def __init__(self, done):
        self.done = done

    def startProtocol(self):
        self.transport.write(b"ping")

    def datagramReceived(self, data):
        print("datagram client received:", data.decode())
        self.done.callback(None)


@defer.inlineCallbacks
def main():
    port = reactor.listenUNIX("echo.sock", protocol.Factory.forProtocol(Echo), mode=0o600,
                              wantPID=1)
    print("socket mode:", oct(stat.S_IMODE(os.stat("echo.sock").st_mode)))
    print("lock names our pid:", os.readlink("echo.sock.lock") == str(os.getpid()))
    print("port host:", port.getHost(), port.getHost().name)
    try:
        reactor.listenUNIX("echo.sock", protocol.Factory(), wantPID=1)
    except error.CannotListenError:
        print("second listener: CannotListenError")
    factory = Factory("checked")
    reactor.connectUNIX("echo.sock", factory, checkPID=1)
    yield factory.done
    yield port.stopListening()
    print("socket and lock removed:", not os.path.lexists("echo.sock"),
          not os.path.lexists("echo.sock.lock"))

    for label, checkPID in (("missing lock", 1), ("missing socket", 0)):
        factory = Factory(label)
        reactor.connectUNIX("absent.sock", factory, checkPID=checkPID)
        yield factory.done

    done = defer.Deferred()
    server = reactor.listenUNIXDatagram("server.dgram", DatagramServer(), mode=0o640)
    print("datagram socket mode:", oct(stat.S_IMODE(os.stat("server.dgram").st_mode)))
    client = reactor.connectUNIXDatagram("server.dgram", DatagramClient(done),
                                         bindAddress="client.dgram")
    yield done
    yield client.stopListening()
    yield server.stopListening()
    print("datagram socket left behind:", os.path.exists("server.dgram"))
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
