"""IReactorSSL: a TLS echo with a throwaway certificate, and a handshake that fails."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from twisted.internet import defer, protocol, reactor, ssl


def makeCertificate():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    with open("server.key", "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open("server.crt", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


class Echo(protocol.Protocol):
    def connectionMade(self):
        print("server connectionMade")

    def dataReceived(self, data):
        self.transport.write(data)


class Client(protocol.Protocol):
    def connectionMade(self):
        print("client connectionMade")
        self.received = b""
        self.transport.write(b"private " * 10_000)

    def dataReceived(self, data):
        self.received += data
        if len(self.received) == len(b"private " * 10_000):
            print("client received everything back")
            self.transport.loseConnection()

    def connectionLost(self, reason):
        print("client connectionLost, clean:", reason.check(Exception) is not None and
              self.factory.expectClean == (reason.type.__name__ == "ConnectionDone"))
        self.factory.done.callback(None)


class PlainText(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"this is not TLS\r\n" * 50)
        self.transport.loseConnection()


@defer.inlineCallbacks
def attempt(serverFactory, expectClean, listen):
    port = listen(serverFactory)
    factory = protocol.ClientFactory.forProtocol(Client)
    factory.done = defer.Deferred()
    factory.expectClean = expectClean
    reactor.connectSSL("127.0.0.1", port.getHost().port, factory, ssl.ClientContextFactory())
    yield factory.done
    yield port.stopListening()


@defer.inlineCallbacks
def main():
    makeCertificate()
    context = ssl.DefaultOpenSSLContextFactory("server.key", "server.crt")
    print("--- TLS echo")
    yield attempt(protocol.Factory.forProtocol(Echo), True,
                  lambda f: reactor.listenSSL(0, f, context, interface="127.0.0.1"))
    print("--- TLS client against a plain-text server")
    yield attempt(protocol.Factory.forProtocol(PlainText), False,
                  lambda f: reactor.listenTCP(0, f, interface="127.0.0.1"))
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
