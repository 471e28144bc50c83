"""twisted.internet.ssl's documented API: certificates, CertificateOptions, optionsForClientTLS
(with host name checks), client certificates, ALPN, startTLS, and the failure paths."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from OpenSSL import SSL
from twisted.internet import defer, interfaces, protocol, reactor, ssl
from zope.interface import implementer


def makeCertificate(name, issuer=None, isCA=False, ip=None):
    """A PEM certificate plus key for ``name``, signed by ``issuer`` (cert, key) or itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    signerName, signerKey = (subject, key) if issuer is None else issuer
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName(name)] + ([x509.IPAddress(__import__("ipaddress").ip_address(ip))]
                                    if ip else [])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(signerName)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=isCA, path_length=None), critical=True))
    if not isCA:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(signerKey, hashes.SHA256())
    pem = (cert.public_bytes(serialization.Encoding.PEM)
           + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()))
    return pem, (subject, key)


caPEM, caSigner = makeCertificate("Test CA", isCA=True)
otherCAPEM, _ = makeCertificate("Other CA", isCA=True)
serverPEM, _ = makeCertificate("localhost", caSigner, ip="127.0.0.1")
clientPEM, _ = makeCertificate("alice", caSigner)

ca = ssl.Certificate.loadPEM(caPEM)
otherCA = ssl.Certificate.loadPEM(otherCAPEM)
server = ssl.PrivateCertificate.loadPEM(serverPEM)
client = ssl.PrivateCertificate.loadPEM(clientPEM)


def describe(reason):
    """The reason's type, and for an OpenSSL error its last reason string."""
    if reason.check(SSL.Error):
        return f"SSL.Error({reason.value.args[0][-1][2] if reason.value.args[0] else ''})"
    return reason.type.__name__


@implementer(interfaces.IHandshakeListener)
class Talker(protocol.Protocol):
    """Sends its greeting, reports what comes back, closes after ``closeAfter`` bytes."""

    greeting = b""
    closeAfter = None

    def connectionMade(self):
        self.received = b""
        if self.greeting:
            self.transport.write(self.greeting)

    def handshakeCompleted(self):
        cert = self.transport.getPeerCertificate()
        peer = ssl.Certificate(cert).getSubject().commonName if cert is not None else None
        cipher = self.transport.getHandle().get_cipher_name()
        self.factory.events.append(
            f"{self.factory.side} handshake completed, peer {peer}, cipher {cipher}")

    def dataReceived(self, data):
        self.received += data
        if self.factory.echo:
            self.transport.write(data)
        if self.closeAfter is not None and len(self.received) >= self.closeAfter:
            proto = getattr(self.transport, "negotiatedProtocol", None)
            self.factory.events.append(f"{self.factory.side} ALPN: {proto}")
            self.finish()

    def finish(self):
        self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.events.append(
            f"{self.factory.side} lost {len(self.received)} bytes, {describe(reason)}")
        self.factory.done.callback(None)


@implementer(interfaces.IProtocolNegotiationFactory)
class NegotiatingFactory(protocol.ClientFactory):
    def acceptableProtocols(self):
        return [b"spdy/3", b"http/1.1"]


def factory(side, echo=False, greeting=b"", closeAfter=None, cls=Talker, negotiating=False):
    f = (NegotiatingFactory if negotiating else protocol.ClientFactory).forProtocol(type(
        cls.__name__, (cls,), {"greeting": greeting, "closeAfter": closeAfter}))
    f.side, f.echo, f.events, f.done = side, echo, [], defer.Deferred()
    return f


@defer.inlineCallbacks
def exchange(title, serverOptions, clientOptions, size=100_000, negotiating=False):
    print("---", title)
    serverFactory = factory("server", echo=True, negotiating=negotiating)
    clientFactory = factory("client", greeting=b"x" * size, closeAfter=size,
                            negotiating=negotiating)
    port = reactor.listenSSL(0, serverFactory, serverOptions, interface="127.0.0.1")
    reactor.connectSSL("127.0.0.1", port.getHost().port, clientFactory, clientOptions)
    yield defer.DeferredList([serverFactory.done, clientFactory.done])
    for line in sorted(clientFactory.events) + sorted(serverFactory.events):
        print(line)
    yield port.stopListening()


class EarlyCloser(Talker):
    def connectionMade(self):
        super().connectionMade()
        self.transport.loseConnection()


class Aborter(Talker):
    def finish(self):
        self.transport.abortConnection()


class LateWriter(Talker):
    def finish(self):
        self.transport.loseConnection()
        self.transport.write(b"written after loseConnection")


class AbortingServer(Talker):
    def dataReceived(self, data):
        self.transport.abortConnection()


@defer.inlineCallbacks
def closing(title, clientClass=Talker, serverClass=Talker, size=10, greeting=True):
    print("---", title)
    serverFactory = factory("server", echo=True, cls=serverClass)
    clientFactory = factory("client", greeting=b"x" * size if greeting else b"",
                            closeAfter=size, cls=clientClass)
    port = reactor.listenSSL(0, serverFactory, server.options(), interface="127.0.0.1")
    reactor.connectSSL("127.0.0.1", port.getHost().port, clientFactory,
                       ssl.optionsForClientTLS("localhost", ca))
    yield defer.DeferredList([serverFactory.done, clientFactory.done])
    for line in sorted(clientFactory.events) + sorted(serverFactory.events):
        print(line)
    yield port.stopListening()


class StartTLSServer(protocol.Protocol):
    """Reads a clear line, then switches to TLS as a server and echoes."""

    def connectionMade(self):
        self.buffer = b""
        self.tls = False

    def dataReceived(self, data):
        if self.tls:
            self.transport.write(data)
            return
        self.buffer += data
        if b"\n" in self.buffer:
            line, _, rest = self.buffer.partition(b"\n")
            print("server read in clear:", line.decode())
            self.transport.write(b"go ahead\n")
            self.transport.startTLS(server.options())
            self.tls = True
            print("server transport provides ISSLTransport:",
                  interfaces.ISSLTransport.providedBy(self.transport))

    def connectionLost(self, reason):
        print("server lost:", describe(reason))
        self.factory.done.callback(None)


class StartTLSClient(protocol.Protocol):
    """Writes a line in clear, starts TLS at once, and talks TLS after the server's reply."""

    def connectionMade(self):
        self.buffer = b""
        self.transport.write(b"STARTTLS\n")
        print("client provides ITLSTransport:", interfaces.ITLSTransport.providedBy(
            self.transport))

    def dataReceived(self, data):
        self.buffer += data
        if self.buffer == b"go ahead\n":
            print("client read in clear:", self.buffer.strip().decode())
            self.buffer = b""
            self.transport.startTLS(ssl.optionsForClientTLS("localhost", ca))
            self.transport.write(b"over TLS now")
        elif self.buffer == b"over TLS now":
            print("client read over TLS:", self.buffer.decode())
            print("client peer:", ssl.Certificate.peerFromTransport(
                self.transport).getSubject().commonName)
            self.transport.loseConnection()

    def connectionLost(self, reason):
        print("client lost:", describe(reason))
        self.factory.done.callback(None)


@defer.inlineCallbacks
def startTLS():
    print("--- startTLS on TCP, after a line in clear")
    serverFactory = protocol.Factory.forProtocol(StartTLSServer)
    clientFactory = protocol.ClientFactory.forProtocol(StartTLSClient)
    serverFactory.done, clientFactory.done = defer.Deferred(), defer.Deferred()
    port = reactor.listenTCP(0, serverFactory, interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, clientFactory)
    yield defer.DeferredList([serverFactory.done, clientFactory.done])
    yield port.stopListening()


class BrokenContextFactory:
    def getContext(self):
        raise ValueError("no such key file")


def apiChecks():
    print("--- certificates")
    print("subject:", server.getSubject().commonName, "issuer:", server.getIssuer().CN)
    print("same certificate after PEM round trip:",
          ssl.Certificate.loadPEM(server.dumpPEM()) == ssl.Certificate(server.original))
    print("key matches certificate:", server.privateKey.matches(server.getPublicKey()))
    try:
        ssl.PrivateCertificate.fromCertificateAndKeyPair(server, client.privateKey)
    except Exception as e:
        print("mismatched key:", type(e).__name__)
    try:
        ssl.trustRootFromCertificates([caPEM])
    except TypeError:
        print("trustRootFromCertificates refuses PEM bytes: TypeError")
    for bad in [dict(privateKey=server.privateKey.original),
                dict(verify=True), dict(trustRoot=ca, verify=True)]:
        try:
            ssl.CertificateOptions(**bad)
        except (TypeError, ValueError) as e:
            print("CertificateOptions", sorted(bad), "->", type(e).__name__)
    try:
        ssl.optionsForClientTLS(b"localhost")
    except TypeError:
        print("optionsForClientTLS wants text: TypeError")
    try:
        reactor.connectSSL("127.0.0.1", 1, protocol.ClientFactory(), BrokenContextFactory())
    except ValueError as e:
        print("connectSSL with a broken context factory:", e)
    try:
        reactor.listenSSL(0, protocol.Factory(), BrokenContextFactory())
    except ValueError as e:
        print("listenSSL with a broken context factory:", e)


@defer.inlineCallbacks
def main():
    apiChecks()
    trusting = ssl.optionsForClientTLS("localhost", ca)
    yield exchange("verified echo (CA trust root, host name checked)", server.options(),
                   trusting)
    yield exchange("IP address literal checked", server.options(),
                   ssl.optionsForClientTLS("127.0.0.1", ssl.trustRootFromCertificates([ca])))
    yield exchange("unverified client (ClientContextFactory)", server.options(),
                   ssl.ClientContextFactory())
    yield exchange("ALPN", ssl.CertificateOptions(
        privateKey=server.privateKey.original, certificate=server.original,
        acceptableProtocols=[b"h2", b"http/1.1"]),
        ssl.optionsForClientTLS("localhost", ca, acceptableProtocols=[b"http/1.1"]))
    yield exchange("ALPN without a shared protocol", ssl.CertificateOptions(
        privateKey=server.privateKey.original, certificate=server.original,
        acceptableProtocols=[b"h2"]),
        ssl.optionsForClientTLS("localhost", ca, acceptableProtocols=[b"http/1.1"]))
    yield exchange("ALPN offered to a server without it", server.options(),
                   ssl.optionsForClientTLS("localhost", ca, acceptableProtocols=[b"h2"]))
    yield exchange("ALPN from the factory (IProtocolNegotiationFactory)", server.options(),
                   ssl.optionsForClientTLS("localhost", ca), negotiating=True)
    yield exchange("client certificate required and given", server.options(ca),
                   ssl.optionsForClientTLS("localhost", ca, client))
    yield exchange("client certificate required, none given", server.options(ca), trusting)
    yield exchange("server signed by an untrusted CA", server.options(),
                   ssl.optionsForClientTLS("localhost", otherCA))
    yield exchange("host name mismatch", server.options(),
                   ssl.optionsForClientTLS("wrong.example", ca))
    yield exchange("TLS 1.3 only server, TLS 1.2 only client", ssl.CertificateOptions(
        privateKey=server.privateKey.original, certificate=server.original,
        raiseMinimumTo=ssl.TLSVersion.TLSv1_3),
        ssl.CertificateOptions(lowerMaximumSecurityTo=ssl.TLSVersion.TLSv1_2))
    yield exchange("TLS 1.2, default ciphers", server.options(), ssl.CertificateOptions(
        lowerMaximumSecurityTo=ssl.TLSVersion.TLSv1_2))
    yield exchange("TLS 1.2, the server narrows the ciphers", ssl.CertificateOptions(
        privateKey=server.privateKey.original, certificate=server.original,
        acceptableCiphers=ssl.AcceptableCiphers.fromOpenSSLCipherString(
            "ECDHE-ECDSA-CHACHA20-POLY1305")),
        ssl.CertificateOptions(lowerMaximumSecurityTo=ssl.TLSVersion.TLSv1_2))
    try:
        ssl.CertificateOptions(
            acceptableCiphers=ssl.AcceptableCiphers.fromOpenSSLCipherString("NO-SUCH-CIPHER"))
    except ValueError:
        print("a cipher string naming nothing usable: ValueError")
    yield startTLS()
    yield closing("client loses the connection before the handshake, nothing written",
                  EarlyCloser, greeting=False)
    yield closing("client loses the connection at once, after writing", EarlyCloser)
    yield closing("client aborts after the exchange", Aborter)
    yield closing("writes after loseConnection are dropped", LateWriter)
    yield closing("server aborts on the first data", serverClass=AbortingServer)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
