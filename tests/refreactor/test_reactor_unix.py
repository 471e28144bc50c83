"""UNIX stream and datagram sockets, socket modes and PID lock files."""

import os
import stat

import pytest
from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class OneShot(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"over unix")

    def dataReceived(self, data):
        self.factory.done.callback((data, self.transport.getPeer().name))
        self.transport.loseConnection()


def test_unix_stream_echo_mode_and_lock(reactor, run, tmp_path):
    path = str(tmp_path / "echo.sock")
    port = reactor.listenUNIX(path, protocol.Factory.forProtocol(Echo), mode=0o600, wantPID=1)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.readlink(path + ".lock") == str(os.getpid())
    assert port.getHost().name == path.encode()
    with pytest.raises(error.CannotListenError):
        reactor.listenUNIX(path, protocol.Factory(), wantPID=1)
    factory = protocol.ClientFactory.forProtocol(OneShot)
    factory.done = Deferred()
    reactor.connectUNIX(path, factory, checkPID=1)
    data, peer = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert data == b"over unix" and peer == path.encode()
    assert not os.path.lexists(path) and not os.path.lexists(path + ".lock")


def test_connect_unix_check_pid_without_lock_fails(reactor, run, tmp_path):
    failures = []

    class Failing(protocol.ClientFactory):
        def clientConnectionFailed(self, connector, reason):
            failures.append(reason.type)

    path = str(tmp_path / "nolock.sock")
    reactor.connectUNIX(path, Failing(), checkPID=1)
    reactor.connectUNIX(path, Failing())
    run(lambda: _waitFor(reactor, lambda: len(failures) == 2))
    assert sorted(f.__name__ for f in failures) == ["BadFileError", "ConnectError"]


def _waitFor(reactor, condition):
    d = Deferred()

    def poll():
        if condition():
            d.callback(None)
        else:
            reactor.callLater(0.01, poll)

    poll()
    return d


def test_unix_datagram(reactor, run, tmp_path):
    serverPath, clientPath = str(tmp_path / "server.dgram"), str(tmp_path / "client.dgram")
    got = Deferred()

    class Server(protocol.DatagramProtocol):
        def datagramReceived(self, data, addr):
            self.transport.write(data.upper(), addr)

    class Client(protocol.ConnectedDatagramProtocol):
        def startProtocol(self):
            self.transport.write(b"ping")

        def datagramReceived(self, data):
            got.callback(data)

    server = reactor.listenUNIXDatagram(serverPath, Server(), mode=0o640)
    assert stat.S_IMODE(os.stat(serverPath).st_mode) == 0o640
    client = reactor.connectUNIXDatagram(serverPath, Client(), bindAddress=clientPath)

    def close(data):
        return client.stopListening().addCallback(
            lambda _: server.stopListening()).addCallback(lambda _: data)

    assert run(lambda: got.addCallback(close)) == b"PING"
    assert os.path.exists(serverPath)  # Twisted leaves a datagram socket's path behind.
    os.unlink(serverPath)
    os.unlink(clientPath)
