"""TLS over loopback with a throwaway certificate made at run time."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from refreactor.internet import error, protocol, ssl
from refreactor.internet.defer import Deferred
from refreactor.internet.interfaces import ISSLTransport


@pytest.fixture
def certificate(tmp_path):
    """Paths of a fresh self-signed key and certificate for localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    keyPath, certPath = tmp_path / "key.pem", tmp_path / "cert.pem"
    keyPath.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    certPath.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(keyPath), str(certPath)


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    def connectionMade(self):
        self.received = b""
        self.transport.write(b"secret " * 20000)

    def dataReceived(self, data):
        self.received += data
        if len(self.received) == len(b"secret " * 20000):
            self.factory.cert = self.transport.getPeerCertificate()
            self.factory.provides = ISSLTransport.providedBy(self.transport)
            self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.done.callback((self.received, reason.type))


def test_tls_echo(reactor, run, certificate):
    serverContext = ssl.DefaultOpenSSLContextFactory(*certificate)
    port = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), serverContext,
                             interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(Greeter)
    factory.done = Deferred()
    reactor.connectSSL("127.0.0.1", port.getHost().port, factory, ssl.ClientContextFactory())
    received, reasonType = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert received == b"secret " * 20000
    assert reasonType is error.ConnectionDone
    assert factory.provides and factory.cert.startswith(b"0")


def test_tls_to_a_plain_server_fails_in_connection_lost(reactor, run):
    class Silent(protocol.Protocol):
        def connectionMade(self):
            self.transport.write(b"not a TLS server\r\n" * 100)
            self.transport.loseConnection()

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Silent), interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(Greeter)
    factory.done = Deferred()
    reactor.connectSSL("127.0.0.1", port.getHost().port, factory, ssl.ClientContextFactory())
    received, reasonType = run(lambda: factory.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert received == b""
    assert not issubclass(reasonType, error.ConnectionDone)
