"""ssl: and tls: endpoint descriptions over loopback, with certificates made at run time:
a verified exchange, an unknown authority, and descriptions with bad options."""

import datetime
import ipaddress
import os
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from twisted.internet import defer, endpoints, protocol, reactor


def issue(commonName, signer=None, names=None):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, commonName)])
    issuerName, issuerKey = signer or (subject, key)
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuerName)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=signer is None, path_length=None),
                              critical=True))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    pem = (builder.sign(issuerKey, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
           + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()))
    return pem, (subject, key)


folder = tempfile.mkdtemp()
caPEM, ca = issue("Test CA")
otherPEM, _ = issue("Other CA")
serverPEM, _ = issue("localhost", ca, [x509.DNSName("localhost"),
                                       x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
for name, data in [("server.pem", serverPEM), ("ca/ca.pem", caPEM),
                   ("other/other.pem", otherPEM)]:
    os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Greeter(protocol.Protocol):
    def __init__(self, label):
        self.label = label
        self.done = defer.Deferred()

    def connectionMade(self):
        self.transport.write(b"hello over tls")

    def dataReceived(self, data):
        print(self.label, "got", data)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print(self.label, "lost:", "cleanly" if reason.type.__name__ == "ConnectionDone"
              else "with an error")
        self.done.callback(None)


@defer.inlineCallbacks
def exchange(label, clientDescription):
    port = yield endpoints.serverFromString(
        reactor, f"ssl:0:interface=127.0.0.1:privateKey={folder}/server.pem").listen(
        protocol.Factory.forProtocol(Echo))
    client = endpoints.clientFromString(reactor, clientDescription % port.getHost().port)
    greeter = yield endpoints.connectProtocol(client, Greeter(label))
    yield greeter.done
    yield port.stopListening()


@defer.inlineCallbacks
def main():
    yield exchange("ssl", f"ssl:127.0.0.1:%d:caCertsDir={folder}/ca:hostname=localhost")
    yield exchange("tls", "tls:localhost:%d:trustRoots=" + f"{folder}/ca")
    yield exchange("tls, unknown authority", "tls:localhost:%d:trustRoots=" + f"{folder}/other")
    for make, description in [
            (endpoints.serverFromString, f"ssl:0:privateKey={folder}/server.pem:colour=red"),
            (endpoints.clientFromString, "tls:localhost:443:colour=red"),
            (endpoints.serverFromString, f"ssl:0:privateKey={folder}/missing.pem")]:
        try:
            make(reactor, description)
        except (TypeError, OSError) as e:
            print(description.replace(folder, "FOLDER"), "->", type(e).__name__)


def start():
    main().addErrback(lambda f: print("main failed:", f.getTraceback())).addBoth(
        lambda _: reactor.stop())


reactor.callWhenRunning(start)
reactor.run()
print("done")
