"""Certificates, keys, trust roots and TLS options, as ``twisted.internet.ssl`` documents them.

Every object wraps its pyOpenSSL counterpart in ``original`` (an ``OpenSSL.crypto.X509`` or
``PKey``), as Twisted's do; the work is done with ``cryptography``, which pyOpenSSL is built
on, so that no deprecated pyOpenSSL call is needed.
"""

import datetime
import enum
import hashlib
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID
from OpenSSL import SSL, crypto
from zope.interface import Interface, implementer

from refreactor.internet._ciphers import defaultCiphers, expandCipherString
from refreactor.internet._identity import (
    VerificationError,
    hostnameBytes,
    isIPLiteral,
    verifyHostname,
)
from refreactor.internet.error import CertificateError, VerifyError
from refreactor.internet.interfaces import (
    IOpenSSLClientConnectionCreator,
    IOpenSSLContextFactory,
    IOpenSSLServerConnectionCreator,
    IProtocolNegotiationFactory,
)
from refreactor.python.failure import Failure

# -- names -------------------------------------------------------------------------------------

_LONG_NAMES = {
    "CN": "commonName", "O": "organizationName", "OU": "organizationalUnitName",
    "L": "localityName", "ST": "stateOrProvinceName", "C": "countryName",
    "emailAddress": "emailAddress",
}
_OIDS = {
    "commonName": NameOID.COMMON_NAME, "organizationName": NameOID.ORGANIZATION_NAME,
    "organizationalUnitName": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "localityName": NameOID.LOCALITY_NAME, "stateOrProvinceName": NameOID.STATE_OR_PROVINCE_NAME,
    "countryName": NameOID.COUNTRY_NAME, "emailAddress": NameOID.EMAIL_ADDRESS,
}
_NAMES_BY_OID = {oid: name for name, oid in _OIDS.items()}


class DistinguishedName(dict):
    """The fields of a certificate's subject or issuer, by long name, as bytes.

    Attribute access works too, under the long or the short name:
    ``dn.commonName == dn.CN``.
    """

    def __init__(self, **kw: Any) -> None:
        super().__init__()
        for name, value in kw.items():
            setattr(self, name, value)

    def __getattr__(self, attr: str) -> bytes:
        try:
            return self[_LONG_NAMES.get(attr, attr)]
        except KeyError:
            raise AttributeError(f"{attr} is not part of this distinguished name") from None

    def __setattr__(self, attr: str, value: Any) -> None:
        name = _LONG_NAMES.get(attr, attr)
        if name not in _OIDS:
            raise AttributeError(f"{attr} is not a distinguished name field")
        self[name] = value.encode("utf-8") if isinstance(value, str) else value

    def _toX509Name(self) -> x509.Name:
        return x509.Name([x509.NameAttribute(_OIDS[name], value.decode("utf-8"))
                          for name, value in self.items()])

    @classmethod
    def _fromX509Name(cls, name: x509.Name) -> "DistinguishedName":
        dn = cls()
        for attribute in name:
            field = _NAMES_BY_OID.get(attribute.oid)
            if field is not None:
                dn[field] = str(attribute.value).encode("utf-8")
        return dn

    def inspect(self) -> str:
        """The fields, one per line."""
        return "\n".join(f"{name:>24}: {value.decode('utf-8', 'replace')}"
                         for name, value in sorted(self.items()))

    def __repr__(self) -> str:
        return f"<DN {dict.__repr__(self)}>"


DN = DistinguishedName


# -- certificates and keys ---------------------------------------------------------------------


class CertBase:
    """What certificates and certificate holders share: ``original``, subject, trust."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def _cryptography(self) -> x509.Certificate:
        return self.original.to_cryptography()

    def getSubject(self) -> DistinguishedName:
        """A copy of the certificate's subject."""
        return DistinguishedName._fromX509Name(self._cryptography().subject)

    def getIssuer(self) -> DistinguishedName:
        """A copy of the certificate's issuer."""
        return DistinguishedName._fromX509Name(self._cryptography().issuer)

    def __conform__(self, interface: Any) -> Any:
        """A certificate adapts to IOpenSSLTrustRoot: trust it as a certificate authority."""
        if interface is IOpenSSLTrustRoot:
            return OpenSSLCertificateAuthorities([self.original])
        return None


class Certificate(CertBase):
    """An X.509 certificate (``original`` is its ``OpenSSL.crypto.X509``)."""

    @classmethod
    def load(cls, requestData: bytes, format: int = crypto.FILETYPE_ASN1,  # noqa: A002
             args: tuple = ()) -> Any:
        """Load a certificate from DER (the default) or PEM bytes."""
        return cls(crypto.load_certificate(format, requestData), *args)

    @classmethod
    def loadPEM(cls, data: bytes) -> Any:
        """Load a certificate from PEM bytes."""
        return cls.load(data, crypto.FILETYPE_PEM)

    @classmethod
    def peerFromTransport(cls, transport: Any) -> "Certificate":
        """The certificate the peer of a TLS transport presented."""
        return cls._fromHandle(transport, "get_peer_certificate", "peer")

    @classmethod
    def hostFromTransport(cls, transport: Any) -> "Certificate":
        """The certificate the local end of a TLS transport presented."""
        return cls._fromHandle(transport, "get_certificate", "host")

    @classmethod
    def _fromHandle(cls, transport: Any, method: str, side: str) -> "Certificate":
        handle = getattr(transport, "getHandle", None)
        certificate = getattr(handle(), method)() if handle is not None else None
        if certificate is None:
            raise CertificateError(f"the transport {transport!r} has no {side} certificate")
        return cls(certificate)

    def dump(self, format: int = crypto.FILETYPE_ASN1) -> bytes:  # noqa: A002
        """The certificate as DER (the default) or PEM bytes."""
        return crypto.dump_certificate(format, self.original)

    def dumpPEM(self) -> bytes:
        """The certificate as PEM bytes."""
        return self.dump(crypto.FILETYPE_PEM)

    def getPublicKey(self) -> "PublicKey":
        """The certificate's public key."""
        return PublicKey(self.original.get_pubkey())

    def serialNumber(self) -> int:
        """The certificate's serial number."""
        return self.original.get_serial_number()

    def digest(self, method: str = "md5") -> bytes:
        """A digest of the certificate, as colon-separated hexadecimal bytes."""
        return self.original.digest(method)

    def inspect(self) -> str:
        """A human-readable description of subject, issuer and key."""
        return "\n".join([
            "Certificate For Subject:", self.getSubject().inspect(),
            "\nIssuer:", self.getIssuer().inspect(),
            f"\nSerial Number: {self.serialNumber()}",
            f"Digest: {self.digest().decode('ascii')}",
            self.getPublicKey().inspect(),
        ])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Certificate):
            return self.dump() == other.dump()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        subject = self.getSubject().get("commonName", b"").decode("utf-8", "replace")
        issuer = self.getIssuer().get("commonName", b"").decode("utf-8", "replace")
        return f"<{type(self).__name__} Subject={subject} Issuer={issuer}>"


class PrivateCertificate(Certificate):
    """A certificate together with its private key (``privateKey``, a KeyPair)."""

    privateKey: "KeyPair"

    def _setPrivateKey(self, privateKey: "KeyPair") -> "PrivateCertificate":
        if not privateKey.matches(self.getPublicKey()):
            raise VerifyError("Certificate public and private keys do not match.")
        self.privateKey = privateKey
        return self

    @classmethod
    def load(cls, data: bytes, privateKey: "KeyPair",  # type: ignore[override]
             format: int = crypto.FILETYPE_ASN1) -> "PrivateCertificate":  # noqa: A002
        """Load the certificate from ``data`` and pair it with ``privateKey``."""
        return cls(crypto.load_certificate(format, data))._setPrivateKey(privateKey)

    @classmethod
    def loadPEM(cls, data: bytes) -> "PrivateCertificate":
        """Load both the certificate and its private key from one PEM document."""
        return cls.load(data, KeyPair.load(data, crypto.FILETYPE_PEM), crypto.FILETYPE_PEM)

    @classmethod
    def fromCertificateAndKeyPair(cls, certificateInstance: Certificate,
                                  privateKey: "KeyPair") -> "PrivateCertificate":
        """Pair a Certificate with its KeyPair (VerifyError if they do not match)."""
        return cls(certificateInstance.original)._setPrivateKey(privateKey)

    def newCertificate(self, newCertData: bytes,
                       format: int = crypto.FILETYPE_ASN1) -> "PrivateCertificate":  # noqa: A002
        """Another certificate for this same private key."""
        return self.load(newCertData, self.privateKey, format)

    def dumpPEM(self) -> bytes:
        """The certificate then the private key, as PEM."""
        return self.dump(crypto.FILETYPE_PEM) + self.privateKey.dump(crypto.FILETYPE_PEM)

    def options(self, *authorities: Certificate) -> "CertificateOptions":
        """Server options with this certificate; client certificates signed by
        ``authorities`` are required when any are given."""
        options: dict[str, Any] = {"privateKey": self.privateKey.original,
                                   "certificate": self.original}
        if authorities:
            options["trustRoot"] = OpenSSLCertificateAuthorities(
                [authority.original for authority in authorities])
        return CertificateOptions(**options)

    def inspect(self) -> str:
        """A human-readable description, key pair included."""
        return super().inspect() + "\n" + self.privateKey.inspect()

    def __repr__(self) -> str:
        return f"{super().__repr__()} with {self.privateKey!r}"


class PublicKey:
    """The public half of a key pair (``original`` is an ``OpenSSL.crypto.PKey``)."""

    def __init__(self, osslpkey: Any) -> None:
        self.original = osslpkey

    def keyHash(self) -> str:
        """A hexadecimal fingerprint of the public key (to compare keys, nothing more)."""
        return hashlib.md5(crypto.dump_publickey(crypto.FILETYPE_ASN1, self.original)).hexdigest()

    def matches(self, otherKey: "PublicKey") -> bool:
        """Whether ``otherKey`` holds the same public key."""
        return self.keyHash() == otherKey.keyHash()

    def inspect(self) -> str:
        """A one-line description."""
        return f"Public Key with Hash: {self.keyHash()}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.keyHash()}>"


class KeyPair(PublicKey):
    """A private key (and so its public key)."""

    @classmethod
    def load(cls, data: bytes, format: int = crypto.FILETYPE_ASN1) -> "KeyPair":  # noqa: A002
        """Load an unencrypted private key from DER (the default) or PEM bytes."""
        return cls(crypto.load_privatekey(format, data))

    @classmethod
    def generate(cls, kind: int = crypto.TYPE_RSA, size: int = 2048) -> "KeyPair":
        """A new random key: RSA (the default) or DSA, of ``size`` bits."""
        if kind == crypto.TYPE_RSA:
            key: Any = rsa.generate_private_key(public_exponent=65537, key_size=size)
        elif kind == crypto.TYPE_DSA:
            key = dsa.generate_private_key(key_size=size)
        else:
            raise ValueError(f"unsupported key type {kind!r} (TYPE_RSA or TYPE_DSA)")
        return cls(crypto.PKey.from_cryptography_key(key))

    def dump(self, format: int = crypto.FILETYPE_ASN1) -> bytes:  # noqa: A002
        """The private key as unencrypted DER (the default) or PEM (PKCS #8)."""
        encoding = (serialization.Encoding.PEM if format == crypto.FILETYPE_PEM
                    else serialization.Encoding.DER)
        return self.original.to_cryptography_key().private_bytes(
            encoding, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    def newCertificate(self, newCertData: bytes,
                       format: int = crypto.FILETYPE_ASN1) -> PrivateCertificate:  # noqa: A002
        """Pair this key with the certificate in ``newCertData``."""
        return PrivateCertificate.load(newCertData, self, format)

    def selfSignedCert(self, serialNumber: int, **kw: Any) -> PrivateCertificate:
        """A certificate for this key, signed by itself, valid for a year; ``kw`` are the
        subject's (and issuer's) DistinguishedName fields."""
        name = DistinguishedName(**kw)._toX509Name()
        now = datetime.datetime.now(datetime.UTC)
        key = self.original.to_cryptography_key()
        builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(serialNumber)
                   .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365)))
        unhashed = isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey)
        digest = None if unhashed else hashes.SHA256()
        certificate = builder.sign(key, digest)
        return PrivateCertificate(crypto.X509.from_cryptography(certificate))._setPrivateKey(self)

    def inspect(self) -> str:
        """A one-line description: size, type and fingerprint."""
        kinds = {crypto.TYPE_RSA: "RSA", crypto.TYPE_DSA: "DSA"}
        kind = kinds.get(self.original.type(), "(Unknown Type!)")
        return f"{self.original.bits()}-bit {kind} Key Pair with Hash: {self.keyHash()}"


# -- trust -------------------------------------------------------------------------------------


class IOpenSSLTrustRoot(Interface):
    """Which certificate authorities a TLS context trusts."""

    def _addCACertsToContext(context):
        """Make ``context`` (an ``OpenSSL.SSL.Context``) trust these authorities."""


@implementer(IOpenSSLTrustRoot)
class OpenSSLCertificateAuthorities:
    """Trust exactly the given certificates (``OpenSSL.crypto.X509`` objects)."""

    def __init__(self, caCerts: Sequence[Any]) -> None:
        self._caCerts = list(caCerts)

    def _addCACertsToContext(self, context: SSL.Context) -> None:
        store = context.get_cert_store()
        for certificate in self._caCerts:
            if isinstance(certificate, x509.Certificate):
                certificate = crypto.X509.from_cryptography(certificate)
            store.add_cert(certificate)


@implementer(IOpenSSLTrustRoot)
class OpenSSLDefaultPaths:
    """Trust the certificate authorities OpenSSL finds in its default locations."""

    def _addCACertsToContext(self, context: SSL.Context) -> None:
        context.set_default_verify_paths()


def platformTrust() -> OpenSSLDefaultPaths:
    """The platform's own trusted authorities (OpenSSL's default verify paths)."""
    return OpenSSLDefaultPaths()


def trustRootFromCertificates(certificates: Iterable[CertBase]) -> OpenSSLCertificateAuthorities:
    """A trust root that accepts peers signed by any of ``certificates``."""
    originals = []
    for certificate in certificates:
        if not isinstance(certificate, CertBase):
            raise TypeError("certificates items must be twisted.internet.ssl.CertBase "
                            f"instances, not {type(certificate).__name__}")
        originals.append(certificate.original)
    return OpenSSLCertificateAuthorities(originals)


# -- options -----------------------------------------------------------------------------------


class TLSVersion(enum.IntEnum):
    """TLS protocol versions, ordered oldest first, for CertificateOptions' bounds."""

    SSLv3 = SSL.SSL3_VERSION
    TLSv1_0 = SSL.TLS1_VERSION
    TLSv1_1 = SSL.TLS1_1_VERSION
    TLSv1_2 = SSL.TLS1_2_VERSION
    TLSv1_3 = SSL.TLS1_3_VERSION


_EXCLUSIVE = [("trustRoot", "requireCertificate"), ("trustRoot", "verify"),
              ("trustRoot", "caCerts"), ("method", "insecurelyLowerMinimumTo"),
              ("method", "raiseMinimumTo"), ("raiseMinimumTo", "insecurelyLowerMinimumTo"),
              ("method", "lowerMaximumSecurityTo")]


@implementer(IOpenSSLContextFactory, IOpenSSLClientConnectionCreator,
             IOpenSSLServerConnectionCreator)
class CertificateOptions:
    """The security settings of TLS connections, client or server side.

    By default: TLS 1.2 or newer, no peer verification (pass ``trustRoot`` to verify), no
    session cache or tickets, compression off.
    """

    _defaultMinimumTLSVersion = TLSVersion.TLSv1_2
    _context: SSL.Context | None = None

    def __init__(self, privateKey: Any = None, certificate: Any = None, method: int | None = None,
                 verify: bool = False, caCerts: Sequence[Any] | None = None,
                 verifyDepth: int = 9, requireCertificate: bool = True, verifyOnce: bool = True,
                 enableSingleUseKeys: bool = True, enableSessions: bool = False,
                 fixBrokenPeers: bool = False, enableSessionTickets: bool = False,
                 extraCertChain: Sequence[Any] | None = None, acceptableCiphers: Any = None,
                 trustRoot: Any = None,
                 acceptableProtocols: Sequence[bytes] | None = None,
                 raiseMinimumTo: TLSVersion | None = None,
                 insecurelyLowerMinimumTo: TLSVersion | None = None,
                 lowerMaximumSecurityTo: TLSVersion | None = None) -> None:
        given = {name for name, value in locals().items() if value is not None
                 and name in ("trustRoot", "method", "insecurelyLowerMinimumTo",
                              "raiseMinimumTo", "lowerMaximumSecurityTo", "caCerts")}
        given |= {"verify"} if verify else set()
        given |= {"requireCertificate"} if requireCertificate is not True else set()
        for first, second in _EXCLUSIVE:
            if first in given and second in given:
                raise TypeError(f"The {first!r} and {second!r} arguments are mutually exclusive.")
        if (privateKey is None) != (certificate is None):
            raise ValueError("Specify neither or both of privateKey and certificate")
        if verify and not caCerts:
            raise ValueError("Specify client CA certificate information if and only if "
                             "enabling certificate verification")
        if extraCertChain is not None and privateKey is None:
            raise ValueError("A private key and a certificate are required when adding a "
                             "supplemental certificate chain.")
        self.privateKey = privateKey
        self.certificate = certificate
        self.extraCertChain = list(extraCertChain or [])
        self.verifyDepth = verifyDepth
        self.verifyOnce = verifyOnce
        self.enableSingleUseKeys = enableSingleUseKeys
        self.enableSessions = enableSessions
        self.fixBrokenPeers = fixBrokenPeers
        self.enableSessionTickets = enableSessionTickets
        self._acceptableProtocols = list(acceptableProtocols or [])
        self._versions = self._versionBounds(method, raiseMinimumTo, insecurelyLowerMinimumTo,
                                             lowerMaximumSecurityTo)
        self.method = SSL.TLS_METHOD if method is None else method
        self._options = self._optionFlags()
        self._cipherString = ":".join(
            cipher.fullName for cipher in (acceptableCiphers or defaultCiphers).selectCiphers(
                expandCipherString("ALL", self.method, self._options)))
        if not self._cipherString:
            raise ValueError("Supplied IAcceptableCiphers yielded no usable ciphers on this "
                             "platform.")
        self.caCerts = caCerts
        self.verify = verify
        self.requireCertificate = requireCertificate
        if trustRoot is not None:
            self.verify = self.requireCertificate = True
            trustRoot = IOpenSSLTrustRoot(trustRoot)
        elif verify:
            trustRoot = OpenSSLCertificateAuthorities(caCerts or [])
        self.trustRoot = trustRoot

    def _versionBounds(self, method: int | None, raiseMinimumTo: TLSVersion | None,
                       lowerMinimumTo: TLSVersion | None,
                       maximum: TLSVersion | None) -> tuple[int | None, int | None]:
        if method is not None:
            warnings.warn("Passing method to twisted.internet.ssl.CertificateOptions is "
                          "deprecated; use raiseMinimumTo, insecurelyLowerMinimumTo or "
                          "lowerMaximumSecurityTo.", DeprecationWarning, stacklevel=3)
            return None, None
        minimum = lowerMinimumTo or max(raiseMinimumTo or self._defaultMinimumTLSVersion,
                                        self._defaultMinimumTLSVersion)
        if maximum is not None and raiseMinimumTo is not None and raiseMinimumTo > maximum:
            raise ValueError("raiseMinimumTo needs to be lower than lowerMaximumSecurityTo")
        if maximum is not None and minimum > maximum:
            if lowerMinimumTo is not None:
                raise ValueError("insecurelyLowerMinimumTo needs to be lower than "
                                 "lowerMaximumSecurityTo")
            minimum = maximum
        return int(minimum), None if maximum is None else int(maximum)

    def getContext(self) -> SSL.Context:
        """The ``OpenSSL.SSL.Context`` these options describe (made once, then shared)."""
        if self._context is None:
            self._context = self._makeContext()
        return self._context

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        """A memory-BIO connection for a TLS client, offering its ALPN protocols."""
        connection = SSL.Connection(self.getContext(), None)
        protocols = _protocolsFor(tlsProtocol, self._acceptableProtocols)
        if protocols:
            connection.set_alpn_protos(protocols)
        return connection

    def serverConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        """A memory-BIO connection for a TLS server."""
        return SSL.Connection(self.getContext(), None)

    def _optionFlags(self) -> int:
        options = SSL.OP_NO_SSLv2 | SSL.OP_NO_COMPRESSION | SSL.OP_CIPHER_SERVER_PREFERENCE
        if self.enableSingleUseKeys:
            options |= SSL.OP_SINGLE_DH_USE | SSL.OP_SINGLE_ECDH_USE
        if self.fixBrokenPeers:
            options |= SSL.OP_ALL
        if not self.enableSessionTickets:
            options |= SSL.OP_NO_TICKET
        return options

    def _makeContext(self) -> SSL.Context:
        context = SSL.Context(self.method)
        context.set_options(self._options)
        context.set_cipher_list(self._cipherString.encode("ascii"))
        context.set_mode(SSL.MODE_RELEASE_BUFFERS)
        minimum, maximum = self._versions
        if minimum is not None:
            context.set_min_proto_version(minimum)
        if maximum is not None:
            context.set_max_proto_version(maximum)
        if self.certificate is not None:
            context.use_certificate(_modern(self.certificate))
            context.use_privatekey(_modern(self.privateKey))
            for extra in self.extraCertChain:
                context.add_extra_chain_cert(_modern(extra))
            context.check_privatekey()
        context.set_verify(self._verifyFlags())
        if self.trustRoot is not None and self.verify:
            self.trustRoot._addCACertsToContext(context)
        context.set_verify_depth(self.verifyDepth)
        # Client certificates only work with a session id context, whatever it is.
        context.set_session_id(b"refreactor")
        context.set_session_cache_mode(SSL.SESS_CACHE_SERVER if self.enableSessions
                                       else SSL.SESS_CACHE_OFF)
        _selectALPN(context, self._acceptableProtocols)
        return context

    def _verifyFlags(self) -> int:
        if not self.verify:
            return SSL.VERIFY_NONE
        flags = SSL.VERIFY_PEER
        if self.requireCertificate:
            flags |= SSL.VERIFY_FAIL_IF_NO_PEER_CERT
        if self.verifyOnce:
            flags |= SSL.VERIFY_CLIENT_ONCE
        return flags


def _modern(value: Any) -> Any:
    """The cryptography object for a pyOpenSSL certificate or key (which pyOpenSSL now
    wants), or ``value`` itself."""
    if isinstance(value, crypto.X509):
        return value.to_cryptography()
    if isinstance(value, crypto.PKey):
        return value.to_cryptography_key()
    return value


def _protocolsFor(transport: Any, acceptable: list[bytes]) -> list[bytes]:
    """The ALPN protocols of a connection: its application factory's, if it provides
    IProtocolNegotiationFactory, then ``acceptable``."""
    wrappedFactory = getattr(getattr(transport, "factory", None), "wrappedFactory", None)
    negotiating = IProtocolNegotiationFactory(wrappedFactory, None)
    if negotiating is None:
        return acceptable
    return list(negotiating.acceptableProtocols()) + acceptable


def _selectALPN(context: SSL.Context, acceptable: list[bytes]) -> None:
    """As a server, pick the first of our protocols (in our order) that the client offers;
    none shared (or none of ours) fails the handshake, as with Twisted."""
    def select(connection: SSL.Connection, offered: list[bytes]) -> Any:
        for protocol in _protocolsFor(connection.get_app_data(), acceptable):
            if protocol in offered:
                return protocol
        return b""  # As Twisted: OpenSSL then fails the handshake.

    context.set_alpn_select_callback(select)


@implementer(IOpenSSLClientConnectionCreator)
class ClientTLSOptions:
    """A client connection creator that checks the server's certificate names ``hostname``
    (and sends it as the server name, SNI, unless it is an IP address)."""

    def __init__(self, createConnection: Any, hostname: str,
                 sendServerName: bool | None = None) -> None:
        self._createConnection = createConnection
        self._hostname = hostname
        self._hostnameBytes = hostnameBytes(hostname)
        self._sendServerName = (not isIPLiteral(hostname) if sendServerName is None
                                else sendServerName)

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        """A memory-BIO connection whose handshake fails unless the host name matches."""
        connection = self._createConnection(tlsProtocol)
        if self._sendServerName:
            connection.set_tlsext_host_name(self._hostnameBytes)
        connection.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
                              _hostnameCheck(tlsProtocol, self._hostname))
        return connection


def _hostnameCheck(transport: Any, hostname: str) -> Any:
    """The verify callback that also checks the leaf certificate's names."""
    def verifyCallback(connection: SSL.Connection, certificate: Any, errorNumber: int,
                       depth: int, ok: int) -> bool:
        if depth != 0:
            return bool(ok)
        try:
            verifyHostname(certificate.to_cryptography(), hostname)
        except VerificationError:
            transport.failVerification(Failure())
            return False
        return bool(ok)

    return verifyCallback


def optionsForClientTLS(hostname: str, trustRoot: Any = None, clientCertificate: Any = None,
                        acceptableProtocols: Sequence[bytes] | None = None, *,
                        extraCertificateOptions: dict[str, Any] | None = None,
                        sendServerName: bool | None = None) -> ClientTLSOptions:
    """Client options that verify the server is ``hostname``, signed by ``trustRoot``
    (the platform's authorities by default), optionally presenting ``clientCertificate``."""
    if not isinstance(hostname, str):
        raise TypeError("optionsForClientTLS requires text for host names, not "
                        + type(hostname).__name__)
    options = dict(extraCertificateOptions or {})
    if clientCertificate is not None:
        options.update(privateKey=clientCertificate.privateKey.original,
                       certificate=clientCertificate.original)
    certificateOptions = CertificateOptions(
        trustRoot=platformTrust() if trustRoot is None else trustRoot,
        acceptableProtocols=acceptableProtocols, **options)
    return ClientTLSOptions(certificateOptions.clientConnectionForTLS, hostname, sendServerName)
