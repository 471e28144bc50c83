"""TLS over loopback on pyOpenSSL, with certificates made at run time: Twisted's ssl API,
listenSSL/connectSSL, verification and its failures, startTLS, closing, producers."""

import datetime
import ipaddress
import ssl as stdlib_ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from OpenSSL import SSL, crypto
from refreactor.internet import _identity, error, protocol, ssl
from refreactor.internet.defer import Deferred, DeferredList
from refreactor.internet.interfaces import (
    IHandshakeListener,
    IProtocolNegotiationFactory,
    IPushProducer,
    ISSLTransport,
    ITLSTransport,
)
from refreactor.python import log
from zope.interface import implementer

# -- certificates ------------------------------------------------------------------------------


def _issue(commonName, signer=None, isCA=False, names=None):
    """(PEM of certificate + key, signer) for ``commonName``, signed by ``signer`` or itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, commonName)])
    issuerName, issuerKey = signer or (subject, key)
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuerName)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=isCA, path_length=None), critical=True))
    if names is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    certificate = builder.sign(issuerKey, hashes.SHA256())
    pem = (certificate.public_bytes(serialization.Encoding.PEM)
           + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()))
    return pem, (subject, key)


class Certificates:
    """A CA, a server certificate it signed for localhost and 127.0.0.1, a client
    certificate it signed for alice, and an unrelated CA."""

    def __init__(self):
        self.caPEM, signer = _issue("Test CA", isCA=True)
        self.otherCAPEM, _ = _issue("Other CA", isCA=True)
        self.serverPEM, _ = _issue("localhost", signer, names=[
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
        self.clientPEM, _ = _issue("alice", signer, names=[x509.DNSName("alice.example")])
        self.ca = ssl.Certificate.loadPEM(self.caPEM)
        self.otherCA = ssl.Certificate.loadPEM(self.otherCAPEM)
        self.server = ssl.PrivateCertificate.loadPEM(self.serverPEM)
        self.client = ssl.PrivateCertificate.loadPEM(self.clientPEM)


@pytest.fixture(scope="module")
def certs():
    return Certificates()


# -- protocols ---------------------------------------------------------------------------------


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Recorder(protocol.Protocol):
    """Records what arrives; ``done`` fires with (received, reason) when the link closes."""

    def connectionMade(self):
        self.received = b""
        self.factory.transport = self.transport

    def dataReceived(self, data):
        self.received += data

    def connectionLost(self, reason):
        self.factory.done.callback((self.received, reason))


@implementer(IHandshakeListener)
class Greeter(Recorder):
    """Sends ``message``; closes once it has come back whole."""

    message = b"secret " * 20000

    def connectionMade(self):
        super().connectionMade()
        self.factory.events = []
        self.transport.write(self.message)

    def handshakeCompleted(self):
        self.factory.events.append(("handshake", self.transport.getPeerCertificate()))

    def dataReceived(self, data):
        super().dataReceived(data)
        if len(self.received) == len(self.message):
            self.factory.events.append(("provides", ISSLTransport.providedBy(self.transport)))
            self.factory.events.append(("handle", self.transport.getHandle()))
            self.transport.loseConnection()


class RecordingClientFactory(protocol.ClientFactory):
    def __init__(self, protocolClass):
        self.protocol = protocolClass
        self.done = Deferred()
        self.outcome = []

    def clientConnectionFailed(self, connector, reason):
        self.outcome.append(("failed", reason))
        self.done.errback(reason)

    def clientConnectionLost(self, connector, reason):
        self.outcome.append(("lost", reason.type))


def serverFactory(protocolClass):
    factory = protocol.Factory.forProtocol(protocolClass)
    factory.done = Deferred()
    return factory


def talk(reactor, run, serverOptions, clientOptions, clientClass=Greeter, serverClass=Echo,
         listen=None):
    """Run one client against one server; (client factory, server factory, results)."""
    server = serverFactory(serverClass)
    port = (listen or (lambda f: reactor.listenSSL(0, f, serverOptions,
                                                   interface="127.0.0.1")))(server)
    client = RecordingClientFactory(clientClass)
    reactor.connectSSL("127.0.0.1", port.getHost().port, client, clientOptions)
    waitFor = [client.done] + ([server.done] if serverClass is not Echo else [])
    results = run(lambda: DeferredList(waitFor, consumeErrors=True).addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    return client, server, [value for _, value in results]


# -- the ssl module API ------------------------------------------------------------------------


def test_certificates_load_dump_and_describe_themselves(certs):
    server = certs.server
    assert isinstance(server.original, crypto.X509)
    assert server.getSubject().commonName == b"localhost"
    assert server.getSubject().CN == b"localhost"
    assert server.getIssuer() == {"commonName": b"Test CA"}
    assert ssl.Certificate.loadPEM(server.dumpPEM()) == ssl.Certificate(server.original)
    assert ssl.Certificate.load(server.dump()) == ssl.Certificate(server.original)
    assert server.dumpPEM().startswith(b"-----BEGIN CERTIFICATE-----")
    assert b"PRIVATE KEY" in server.dumpPEM()
    assert server.digest("sha256") == server.original.digest("sha256")
    assert server.serialNumber() == server.original.get_serial_number()
    assert server.privateKey.matches(server.getPublicKey())
    assert not certs.client.privateKey.matches(server.getPublicKey())


def test_a_private_certificate_refuses_a_key_that_is_not_its_own(certs):
    with pytest.raises(error.VerifyError):
        ssl.PrivateCertificate.fromCertificateAndKeyPair(certs.server, certs.client.privateKey)
    paired = ssl.PrivateCertificate.fromCertificateAndKeyPair(
        ssl.Certificate(certs.server.original), certs.server.privateKey)
    assert paired.privateKey is certs.server.privateKey


def test_key_pairs_round_trip_and_sign_their_own_certificates():
    key = ssl.KeyPair.generate(size=2048)
    assert ssl.KeyPair.load(key.dump()).keyHash() == key.keyHash()
    assert ssl.KeyPair.load(key.dump(crypto.FILETYPE_PEM), crypto.FILETYPE_PEM).matches(key)
    selfSigned = key.selfSignedCert(7, commonName="me", organizationName="us")
    assert selfSigned.getSubject() == {"commonName": b"me", "organizationName": b"us"}
    assert selfSigned.getIssuer() == selfSigned.getSubject()
    assert selfSigned.serialNumber() == 7
    assert selfSigned.privateKey is key
    assert isinstance(selfSigned.options().getContext(), SSL.Context)


def test_trust_roots_take_certificates_only(certs):
    assert ssl.trustRootFromCertificates([certs.ca, certs.server])._caCerts == [
        certs.ca.original, certs.server.original]
    with pytest.raises(TypeError):
        ssl.trustRootFromCertificates([certs.caPEM])
    assert isinstance(ssl.platformTrust(), ssl.OpenSSLDefaultPaths)


@pytest.mark.parametrize("arguments, exceptionType", [
    ({"privateKey": "a key"}, ValueError),
    ({"verify": True}, ValueError),
    ({"trustRoot": "x", "verify": True}, TypeError),
    ({"trustRoot": "x", "caCerts": ["y"]}, TypeError),
    ({"raiseMinimumTo": ssl.TLSVersion.TLSv1_3,
      "insecurelyLowerMinimumTo": ssl.TLSVersion.TLSv1_0}, TypeError),
    ({"raiseMinimumTo": ssl.TLSVersion.TLSv1_3,
      "lowerMaximumSecurityTo": ssl.TLSVersion.TLSv1_2}, ValueError),
])
def test_certificate_options_refuse_contradictions(arguments, exceptionType):
    with pytest.raises(exceptionType):
        ssl.CertificateOptions(**arguments)


def test_certificate_options_make_one_context(certs):
    options = certs.server.options(certs.ca)
    context = options.getContext()
    assert options.getContext() is context
    assert options.verify and options.requireCertificate
    assert context.get_verify_mode() == (SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT
                                         | SSL.VERIFY_CLIENT_ONCE)
    assert ssl.CertificateOptions().getContext().get_verify_mode() == SSL.VERIFY_NONE
    assert ssl.TLSVersion.TLSv1_2 < ssl.TLSVersion.TLSv1_3


def test_options_for_client_tls_wants_text():
    with pytest.raises(TypeError):
        ssl.optionsForClientTLS(b"localhost")


def test_context_factories_give_pyopenssl_contexts(certs, tmp_path):
    keyPath, certPath = tmp_path / "key.pem", tmp_path / "cert.pem"
    keyPath.write_bytes(certs.server.privateKey.dump(crypto.FILETYPE_PEM))
    certPath.write_bytes(certs.server.dump(crypto.FILETYPE_PEM))
    server = ssl.DefaultOpenSSLContextFactory(str(keyPath), str(certPath))
    assert isinstance(server.getContext(), SSL.Context)
    assert server.getContext() is server.getContext()
    client = ssl.ClientContextFactory()
    assert isinstance(client.getContext(), SSL.Context)
    assert client.getContext() is not client.getContext()
    with pytest.raises(SSL.Error):
        ssl.DefaultOpenSSLContextFactory(str(certPath), str(certPath))


# -- host names --------------------------------------------------------------------------------


def _certificateFor(*names):
    pem, _ = _issue("ignored", names=list(names) if names else None)
    return x509.load_pem_x509_certificate(pem)


@pytest.mark.parametrize("pattern, host, matches", [
    ("www.example.com", "www.example.com", True),
    ("www.example.com", "WWW.Example.COM", True),
    ("www.example.com", "example.com", False),
    ("*.example.com", "www.example.com", True),
    ("*.example.com", "a.b.example.com", False),
    ("*.example.com", "example.com", False),
    ("*.com", "example.com", False),
    ("xn--bcher-kva.example", "bücher.example", True),
])
def test_dns_names_match_as_rfc_6125_says(pattern, host, matches):
    certificate = _certificateFor(x509.DNSName(pattern))
    if matches:
        _identity.verifyHostname(certificate, host)
    else:
        with pytest.raises(_identity.VerificationError):
            _identity.verifyHostname(certificate, host)


def test_ip_addresses_match_ip_entries_only():
    certificate = _certificateFor(x509.DNSName("127.0.0.1"),
                                  x509.IPAddress(ipaddress.ip_address("::1")))
    _identity.verifyHostname(certificate, "::1")
    with pytest.raises(_identity.VerificationError):
        _identity.verifyHostname(certificate, "127.0.0.1")


def test_a_certificate_without_subject_alt_names_names_no_host():
    with pytest.raises(_identity.VerificationError):
        _identity.verifyHostname(_certificateFor(), "ignored")


# -- connections -------------------------------------------------------------------------------


def test_verified_echo(reactor, run, certs):
    client, server, results = talk(reactor, run, certs.server.options(),
                                   ssl.optionsForClientTLS("localhost", certs.ca))
    received, reason = results[0]
    assert received == Greeter.message
    assert reason.type is error.ConnectionDone
    assert client.outcome == [("lost", error.ConnectionDone)]
    (_, peer), provides, (_, handle) = client.events
    assert ssl.Certificate(peer) == ssl.Certificate(certs.server.original)
    assert provides == ("provides", True)
    assert isinstance(handle, SSL.Connection)


def test_an_ip_address_is_checked_against_the_certificate(reactor, run, certs):
    _, _, results = talk(reactor, run, certs.server.options(),
                         ssl.optionsForClientTLS("127.0.0.1", certs.ca))
    assert results[0][0] == Greeter.message


def test_an_unverifying_client_still_encrypts(reactor, run, certs):
    _, _, results = talk(reactor, run, certs.server.options(), ssl.ClientContextFactory())
    assert results[0] == (Greeter.message, results[0][1])
    assert results[0][1].type is error.ConnectionDone


def test_the_server_sees_the_client_certificate(reactor, run, certs):
    class PeerRecorder(Echo):
        def dataReceived(self, data):
            self.factory.peer = ssl.Certificate.peerFromTransport(self.transport)
            super().dataReceived(data)

    server = serverFactory(PeerRecorder)
    port = reactor.listenSSL(0, server, certs.server.options(certs.ca), interface="127.0.0.1")
    client = RecordingClientFactory(Greeter)
    reactor.connectSSL("127.0.0.1", port.getHost().port, client,
                       ssl.optionsForClientTLS("localhost", certs.ca, certs.client))
    received, _ = run(lambda: client.done.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert received == Greeter.message
    assert server.peer.getSubject().commonName == b"alice"


def test_alpn_picks_the_servers_preferred_shared_protocol(reactor, run, certs):
    class Negotiated(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.write(b"?")

        def dataReceived(self, data):
            self.factory.negotiated = self.transport.negotiatedProtocol
            self.transport.loseConnection()

    serverOptions = ssl.CertificateOptions(
        privateKey=certs.server.privateKey.original, certificate=certs.server.original,
        acceptableProtocols=[b"h2", b"http/1.1"])
    client, _, _ = talk(reactor, run, serverOptions, ssl.optionsForClientTLS(
        "localhost", certs.ca, acceptableProtocols=[b"http/1.1", b"h2"]),
        clientClass=Negotiated)
    assert client.negotiated == b"h2"


def test_alpn_protocols_may_come_from_the_factory(reactor, run, certs):
    @implementer(IProtocolNegotiationFactory)
    class Negotiating(protocol.Factory):
        protocol = Echo

        def acceptableProtocols(self):
            return [b"spdy/3", b"http/1.1"]

    class Negotiated(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.write(b"?")

        def dataReceived(self, data):
            self.factory.negotiated = self.transport.negotiatedProtocol
            self.transport.loseConnection()

    port = reactor.listenSSL(0, Negotiating(), certs.server.options(), interface="127.0.0.1")
    client = RecordingClientFactory(Negotiated)
    reactor.connectSSL("127.0.0.1", port.getHost().port, client, ssl.optionsForClientTLS(
        "localhost", certs.ca, acceptableProtocols=[b"http/1.1"]))
    run(lambda: client.done.addCallback(lambda r: port.stopListening()))
    assert client.negotiated == b"http/1.1"


def test_alpn_without_a_shared_protocol_fails_the_handshake(reactor, run, certs):
    serverOptions = ssl.CertificateOptions(
        privateKey=certs.server.privateKey.original, certificate=certs.server.original,
        acceptableProtocols=[b"h2"])
    _, _, results = talk(reactor, run, serverOptions, ssl.optionsForClientTLS(
        "localhost", certs.ca, acceptableProtocols=[b"http/1.1"]))
    assert results[0][0] == b""
    assert results[0][1].check(SSL.Error)


@pytest.mark.parametrize("withChain", [True, False])
def test_an_extra_chain_completes_the_path_to_the_trusted_root(reactor, run, withChain):
    rootPEM, rootSigner = _issue("Root CA", isCA=True)
    intermediatePEM, intermediateSigner = _issue("Intermediate CA", rootSigner, isCA=True)
    leafPEM, _ = _issue("localhost", intermediateSigner, names=[x509.DNSName("localhost")])
    leaf = ssl.PrivateCertificate.loadPEM(leafPEM)
    chain = [ssl.Certificate.loadPEM(intermediatePEM).original] if withChain else None
    serverOptions = ssl.CertificateOptions(privateKey=leaf.privateKey.original,
                                           certificate=leaf.original, extraCertChain=chain)
    _, _, results = talk(reactor, run, serverOptions,
                         ssl.optionsForClientTLS("localhost", ssl.Certificate.loadPEM(rootPEM)))
    if withChain:
        assert results[0][0] == Greeter.message
    else:
        assert results[0][1].check(SSL.Error)


@pytest.mark.parametrize("withCertificate", [True, False])
def test_verify_with_ca_certs_requires_a_client_certificate(reactor, run, certs,
                                                            withCertificate):
    """The older spelling of trustRoot: verify=True with caCerts."""
    serverOptions = ssl.CertificateOptions(
        privateKey=certs.server.privateKey.original, certificate=certs.server.original,
        verify=True, caCerts=[certs.ca.original])
    clientOptions = ssl.optionsForClientTLS("localhost", certs.ca,
                                            certs.client if withCertificate else None)
    _, _, results = talk(reactor, run, serverOptions, clientOptions)
    if withCertificate:
        assert results[0][0] == Greeter.message
    else:
        assert results[0][1].check(SSL.Error)


def test_a_method_still_works_but_is_deprecated(reactor, run, certs):
    with pytest.warns(DeprecationWarning):
        options = ssl.CertificateOptions(privateKey=certs.server.privateKey.original,
                                         certificate=certs.server.original,
                                         method=SSL.TLS_METHOD)
    _, _, results = talk(reactor, run, options, ssl.optionsForClientTLS("localhost", certs.ca))
    assert results[0][0] == Greeter.message


def test_acceptable_ciphers_narrow_tls_1_2_suites(reactor, run, certs):
    class CipherRecorder(Greeter):
        def handshakeCompleted(self):
            self.factory.cipher = self.transport.getHandle().get_cipher_name()

    chacha = ssl.AcceptableCiphers.fromOpenSSLCipherString("ECDHE-ECDSA-CHACHA20-POLY1305")
    serverOptions = ssl.CertificateOptions(privateKey=certs.server.privateKey.original,
                                           certificate=certs.server.original,
                                           acceptableCiphers=chacha)
    client, _, results = talk(reactor, run, serverOptions, ssl.CertificateOptions(
        lowerMaximumSecurityTo=ssl.TLSVersion.TLSv1_2), clientClass=CipherRecorder)
    assert results[0][0] == Greeter.message
    assert client.cipher == "ECDHE-ECDSA-CHACHA20-POLY1305"


def test_ciphers_that_name_nothing_usable_are_refused():
    nothing = ssl.AcceptableCiphers.fromOpenSSLCipherString("NO-SUCH-CIPHER")
    assert nothing.selectCiphers(ssl.AcceptableCiphers.fromOpenSSLCipherString(
        "ALL")._ciphers) == ()
    with pytest.raises(ValueError):
        ssl.CertificateOptions(acceptableCiphers=nothing)


def test_a_large_transfer_both_ways(reactor, run, certs):
    class Big(Greeter):
        message = bytes(range(256)) * 8192  # 2 MiB: many records, many partial sends.

    _, _, results = talk(reactor, run, certs.server.options(),
                         ssl.optionsForClientTLS("localhost", certs.ca), clientClass=Big)
    assert results[0][0] == Big.message


def test_an_untrusted_server_fails_the_handshake(reactor, run, certs):
    client, server, results = talk(reactor, run, certs.server.options(),
                                   ssl.optionsForClientTLS("localhost", certs.otherCA),
                                   serverClass=Recorder)
    (clientReceived, clientReason), (serverReceived, serverReason) = results
    assert clientReceived == serverReceived == b""
    assert clientReason.check(SSL.Error)
    assert "certificate verify failed" in str(clientReason.value)
    assert serverReason.check(SSL.Error)
    assert client.outcome == [("lost", SSL.Error)]  # Connected at TCP, lost at the handshake.


def test_a_host_name_mismatch_fails_the_handshake(reactor, run, certs):
    client, server, results = talk(reactor, run, certs.server.options(),
                                   ssl.optionsForClientTLS("wrong.example", certs.ca),
                                   serverClass=Recorder)
    (clientReceived, clientReason), (serverReceived, serverReason) = results
    assert clientReceived == serverReceived == b""
    assert clientReason.check(ssl.VerificationError)
    assert "wrong.example" in str(clientReason.value)
    assert serverReason.check(error.ConnectionLost)


def test_a_missing_client_certificate_fails_the_handshake(reactor, run, certs):
    _, _, results = talk(reactor, run, certs.server.options(certs.ca),
                         ssl.optionsForClientTLS("localhost", certs.ca), serverClass=Recorder)
    (_, clientReason), (_, serverReason) = results
    assert clientReason.check(SSL.Error) and serverReason.check(SSL.Error)


def test_tls_to_a_plain_server_fails_in_connection_lost(reactor, run):
    class Plain(protocol.Protocol):
        def connectionMade(self):
            self.transport.write(b"not a TLS server\r\n" * 100)
            self.transport.loseConnection()

    _, _, results = talk(reactor, run, None, ssl.ClientContextFactory(), listen=lambda f:
                         reactor.listenTCP(0, protocol.Factory.forProtocol(Plain),
                                           interface="127.0.0.1"))
    received, reason = results[0]
    assert received == b""
    assert reason.check(SSL.Error)


# -- set-up failures ---------------------------------------------------------------------------


class BrokenContextFactory:
    def getContext(self):
        raise ValueError("no such key file")


class StdlibContextFactory:
    def getContext(self):
        return stdlib_ssl.SSLContext(stdlib_ssl.PROTOCOL_TLS_CLIENT)


def test_a_broken_context_factory_fails_connect_and_listen_at_once(reactor):
    with pytest.raises(ValueError, match="no such key file"):
        reactor.connectSSL("127.0.0.1", 1, protocol.ClientFactory(), BrokenContextFactory())
    with pytest.raises(ValueError, match="no such key file"):
        reactor.listenSSL(0, protocol.Factory(), BrokenContextFactory())


def test_a_standard_library_context_is_refused_clearly(reactor):
    with pytest.raises(TypeError, match="not an OpenSSL.SSL.Context"):
        reactor.connectSSL("127.0.0.1", 1, protocol.ClientFactory(), StdlibContextFactory())
    with pytest.raises(TypeError, match="neither clientConnectionForTLS nor getContext"):
        reactor.connectSSL("127.0.0.1", 1, protocol.ClientFactory(), object())


def test_a_failed_tls_set_up_fails_the_connection_attempt(reactor, run):
    """The creator raising once TCP is up fails the attempt (it used to hang, after an
    AttributeError in tcp._doConnect)."""

    class FailingCreator:
        def clientConnectionForTLS(self, transport):
            raise ValueError("cannot make a TLS connection")

    errors = []

    def observe(event):
        if event.get("isError"):
            errors.append(event)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    client = RecordingClientFactory(Greeter)
    reactor.connectSSL("127.0.0.1", port.getHost().port, client, FailingCreator())
    log.addObserver(observe)
    try:
        with pytest.raises(ValueError, match="cannot make a TLS connection"):
            run(lambda: client.done.addBoth(
                lambda r: port.stopListening().addCallback(lambda _: r)))
    finally:
        log.removeObserver(observe)
    assert [kind for kind, _ in client.outcome] == ["failed"]
    assert errors == []


def test_a_failed_server_set_up_drops_that_connection_only(reactor, run, certs):
    class FailingOnce:
        calls = 0

        def serverConnectionForTLS(self, transport):
            self.calls += 1
            if self.calls == 1:
                raise ValueError("first connection refused")
            return certs.server.options().serverConnectionForTLS(transport)

    errors = []

    def observe(event):
        if event.get("isError"):
            errors.append(event["failure"].type)

    port = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), FailingOnce(),
                             interface="127.0.0.1")
    first, second = RecordingClientFactory(Greeter), RecordingClientFactory(Greeter)
    log.addObserver(observe)
    try:
        reactor.connectSSL("127.0.0.1", port.getHost().port, first, ssl.ClientContextFactory())
        results = run(lambda: first.done.addCallback(lambda r: reactor.connectSSL(
            "127.0.0.1", port.getHost().port, second, ssl.ClientContextFactory())).addCallback(
            lambda _: second.done).addCallback(lambda r: port.stopListening().addCallback(
                lambda _: r)))
    finally:
        log.removeObserver(observe)
    assert errors == [ValueError]
    assert first.outcome[0][1] is error.ConnectionLost
    assert results[0] == Greeter.message


# -- startTLS ----------------------------------------------------------------------------------


class StartTLSServer(protocol.Protocol):
    """Reads one clear line, switches to TLS (first answering in clear when normal), echoes."""

    def connectionMade(self):
        self.buffer = b""
        self.factory.clearLine = None

    def dataReceived(self, data):
        if self.factory.clearLine is not None:
            self.transport.write(data)
            return
        self.buffer += data
        line, found, rest = self.buffer.partition(b"\n")
        if found:
            self.factory.clearLine = line
            if self.factory.normal:
                self.transport.write(b"go ahead\n")
            self.transport.startTLS(self.factory.tlsOptions, self.factory.normal)
            self.factory.provides = ISSLTransport.providedBy(self.transport)

    def connectionLost(self, reason):
        self.factory.reason = reason
        self.factory.done.callback(None)


class StartTLSClient(Recorder):
    """Normal: writes a line, waits for the answer, switches to TLS. Reversed (it is then
    the TLS server): switches at once, so the queued line goes out first, in clear."""

    def connectionMade(self):
        super().connectionMade()
        self.factory.before = ITLSTransport.providedBy(self.transport)
        self.transport.write(b"STARTTLS\n")
        if not self.factory.normal:
            self.startTLS()

    def startTLS(self):
        self.transport.startTLS(self.factory.tlsOptions, self.factory.normal)
        self.transport.write(b"over TLS")

    def dataReceived(self, data):
        super().dataReceived(data)
        if self.received == b"go ahead\n":
            self.startTLS()
        elif self.received.endswith(b"over TLS"):
            self.factory.peer = self.transport.getPeerCertificate()
            self.transport.loseConnection()


@pytest.mark.parametrize("normal", [True, False])
def test_start_tls_after_clear_text(reactor, run, certs, normal):
    server = serverFactory(StartTLSServer)
    client = RecordingClientFactory(StartTLSClient)
    serverOptions = certs.server.options()
    clientOptions = ssl.optionsForClientTLS("localhost", certs.ca)
    # normal=False swaps the roles: the accepting side is then the TLS client.
    server.tlsOptions, client.tlsOptions = ((serverOptions, clientOptions) if normal
                                            else (clientOptions, serverOptions))
    server.normal = client.normal = normal
    port = reactor.listenTCP(0, server, interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, client)
    results = run(lambda: DeferredList([client.done, server.done]).addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    (_, (received, clientReason)), _ = results
    serverReason = server.reason
    assert server.clearLine == b"STARTTLS"
    assert received == (b"go ahead\nover TLS" if normal else b"over TLS")
    assert client.before and server.provides
    assert clientReason.type is serverReason.type is error.ConnectionDone
    if normal:
        assert ssl.Certificate(client.peer) == ssl.Certificate(certs.server.original)


def test_start_tls_twice_is_refused(reactor, run, certs):
    class Twice(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.startTLS(ssl.ClientContextFactory())
            with pytest.raises(RuntimeError):
                self.transport.startTLS(ssl.ClientContextFactory())
            self.factory.refused = True
            self.transport.abortConnection()

    port = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), certs.server.options(),
                             interface="127.0.0.1")
    client = RecordingClientFactory(Twice)
    reactor.connectTCP("127.0.0.1", port.getHost().port, client)
    run(lambda: client.done.addCallback(lambda r: port.stopListening()))
    assert client.refused


# -- closing -----------------------------------------------------------------------------------


def _closing(reactor, run, certs, clientClass):
    _, _, results = talk(reactor, run, certs.server.options(),
                         ssl.optionsForClientTLS("localhost", certs.ca),
                         clientClass=clientClass, serverClass=Recorder)
    return results


def test_lose_connection_sends_close_notify(reactor, run, certs):
    """The server's stream ends cleanly (ConnectionDone) only when close_notify came."""

    class Closer(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.write(b"bye")
            self.transport.loseConnection()
            self.transport.write(b" dropped: written after loseConnection")

    (_, clientReason), (serverReceived, serverReason) = _closing(reactor, run, certs, Closer)
    assert serverReceived == b"bye"
    assert clientReason.type is serverReason.type is error.ConnectionDone


def test_abort_cuts_the_tls_stream_short(reactor, run, certs):
    class Aborter(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.write(b"hello")

        def dataReceived(self, data):
            self.transport.abortConnection()

    class Answering(Recorder):
        def dataReceived(self, data):
            super().dataReceived(data)
            self.transport.write(b"hi")

    _, _, results = talk(reactor, run, certs.server.options(),
                         ssl.optionsForClientTLS("localhost", certs.ca),
                         clientClass=Aborter, serverClass=Answering)
    (_, clientReason), (serverReceived, serverReason) = results
    assert serverReceived == b"hello"
    assert clientReason.check(error.ConnectionLost)  # As Twisted reports an aborted TLS link.
    assert serverReason.check(error.ConnectionLost)


def test_lose_connection_before_the_handshake_with_nothing_written_aborts(reactor, run, certs):
    class Quitter(Recorder):
        def connectionMade(self):
            super().connectionMade()
            self.transport.loseConnection()

    (_, clientReason), (_, serverReason) = _closing(reactor, run, certs, Quitter)
    assert clientReason.check(error.ConnectionLost)
    assert serverReason.check(error.ConnectionLost)


@implementer(IPushProducer)
class Pump(Recorder):
    """A streaming producer writing 64 KiB chunks until 4 MiB are queued or sent."""

    total = 4 * 1024 * 1024

    def connectionMade(self):
        super().connectionMade()
        self.sent = 0
        self.factory.pauses = 0
        self.transport.registerProducer(self, True)
        self.resumeProducing()

    def pauseProducing(self):
        self.paused = True
        self.factory.pauses += 1

    def resumeProducing(self):
        self.paused = False
        while not self.paused and self.sent < self.total:
            self.transport.write(b"p" * 65536)
            self.sent += 65536
        if self.sent >= self.total:
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    def stopProducing(self):
        pass


def test_a_streaming_producer_is_paused_and_resumed(reactor, run, certs):
    client, _, results = talk(reactor, run, certs.server.options(),
                              ssl.optionsForClientTLS("localhost", certs.ca),
                              clientClass=Pump, serverClass=Recorder)
    (_, clientReason), (serverReceived, serverReason) = results
    assert serverReceived == b"p" * Pump.total
    assert client.pauses > 0
    assert clientReason.type is serverReason.type is error.ConnectionDone
