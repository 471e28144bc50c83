"""ssl: and tls: endpoint descriptions over real TLS on loopback, certificates made here."""

import pytest
from refreactor.internet import endpoints, error, protocol
from refreactor.internet.defer import Deferred
from test_reactor_tls import Certificates


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    def __init__(self):
        self.done = Deferred()
        self.received = b""

    def connectionMade(self):
        self.transport.write(b"hello over tls")

    def dataReceived(self, data):
        self.received += data
        if self.received == b"hello over tls":
            self.transport.loseConnection()

    def connectionLost(self, reason):
        self.done.callback((self.received, reason.type))


@pytest.fixture(scope="module")
def certificates():
    return Certificates()


@pytest.fixture
def files(tmp_path, certificates):
    """server.pem (certificate and key), ca/ca.pem, client.pem."""
    (tmp_path / "server.pem").write_bytes(certificates.serverPEM)
    (tmp_path / "ca").mkdir()
    (tmp_path / "ca" / "ca.pem").write_bytes(certificates.caPEM)
    (tmp_path / "ca" / "notes.txt").write_text("not a certificate")
    return tmp_path


def _exchange(reactor, serverDescription, clientDescription):
    server = endpoints.serverFromString(reactor, serverDescription)

    def connect(port):
        client = endpoints.clientFromString(reactor,
                                            clientDescription % port.getHost().port)
        greeter = Greeter()
        connected = endpoints.connectProtocol(client, greeter)
        connected.addCallback(lambda proto: proto.done)
        return connected.addBoth(lambda result: port.stopListening().addCallback(
            lambda _: result))

    return server.listen(protocol.Factory.forProtocol(Echo)).addCallback(connect)


def test_ssl_server_and_verifying_ssl_client(reactor, run, files):
    received, reason = run(_exchange, reactor,
                           f"ssl:0:interface=127.0.0.1:privateKey={files}/server.pem",
                           f"ssl:127.0.0.1:%d:caCertsDir={files}/ca:hostname=localhost")
    assert received == b"hello over tls" and reason is error.ConnectionDone


def test_tls_client_through_hostname_endpoint(reactor, run, files):
    received, reason = run(_exchange, reactor,
                           f"ssl:0:interface=127.0.0.1:privateKey={files}/server.pem",
                           "tls:localhost:%d:trustRoots=" + f"{files}/ca")
    assert received == b"hello over tls"


def test_tls_client_refuses_an_unknown_authority(reactor, run, files, certificates):
    (files / "other").mkdir()
    (files / "other" / "other.pem").write_bytes(certificates.otherCAPEM)
    received, reason = run(_exchange, reactor,
                           f"ssl:0:interface=127.0.0.1:privateKey={files}/server.pem",
                           "tls:localhost:%d:trustRoots=" + f"{files}/other")
    assert received == b"" and reason is not error.ConnectionDone


def test_ssl_descriptions_with_bad_options(reactor, files):
    with pytest.raises(TypeError):
        endpoints.serverFromString(reactor, f"ssl:0:privateKey={files}/server.pem:colour=red")
    with pytest.raises(FileNotFoundError):
        endpoints.serverFromString(reactor, f"ssl:0:privateKey={files}/missing.pem")
    with pytest.raises(TypeError):
        endpoints.clientFromString(reactor, "tls:localhost:443:colour=red")
    with pytest.raises(ValueError):
        endpoints.serverFromString(reactor, f"ssl:0:privateKey={files}/server.pem:"
                                            f"extraCertChain={files}/ca/notes.txt")
