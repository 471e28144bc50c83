"""TLS configuration for ``listenSSL``, ``connectSSL`` and ``startTLS``, on pyOpenSSL.

As in ``twisted.internet.ssl``: a context factory's ``getContext()`` returns an
``OpenSSL.SSL.Context``; ``CertificateOptions`` (for servers, or ``PrivateCertificate.options``)
and ``optionsForClientTLS`` (for clients that verify the server) are the recommended way to
make one, and ``Certificate``, ``PrivateCertificate`` and ``KeyPair`` load and make the
certificates and keys they take.
"""

from typing import Any

from OpenSSL import SSL
from zope.interface import implementer

from refreactor.internet._ciphers import OpenSSLAcceptableCiphers as AcceptableCiphers
from refreactor.internet._identity import VerificationError
from refreactor.internet._sslverify import (
    DN,
    CertBase,
    Certificate,
    CertificateOptions,
    ClientTLSOptions,
    DistinguishedName,
    IOpenSSLTrustRoot,
    KeyPair,
    OpenSSLCertificateAuthorities,
    OpenSSLDefaultPaths,
    PrivateCertificate,
    PublicKey,
    TLSVersion,
    optionsForClientTLS,
    platformTrust,
    trustRootFromCertificates,
)
from refreactor.internet.interfaces import IOpenSSLContextFactory

supported = True


@implementer(IOpenSSLContextFactory)
class ContextFactory:
    """Makes the ``OpenSSL.SSL.Context`` of TLS connections; subclasses say how."""

    isClient = 0

    def getContext(self) -> SSL.Context:
        """The context for a new connection."""
        raise NotImplementedError


class DefaultOpenSSLContextFactory(ContextFactory):
    """A server context with the private key and certificate read from two PEM files."""

    _context: SSL.Context | None = None

    def __init__(self, privateKeyFileName: str, certificateFileName: str,
                 sslmethod: int = SSL.TLS_METHOD, _contextFactory: Any = SSL.Context) -> None:
        self.privateKeyFileName = privateKeyFileName
        self.certificateFileName = certificateFileName
        self.sslmethod = sslmethod
        self._contextFactory = _contextFactory
        self.cacheContext()

    def cacheContext(self) -> None:
        """Build the context now, so that a bad file fails here rather than per connection."""
        if self._context is None:
            context = self._contextFactory(self.sslmethod)
            context.set_options(SSL.OP_NO_SSLv2)
            context.use_certificate_file(self.certificateFileName)
            context.use_privatekey_file(self.privateKeyFileName)
            self._context = context

    def getContext(self) -> SSL.Context:
        """The server context (one, shared by every connection)."""
        return self._context


@implementer(IOpenSSLContextFactory)
class ClientContextFactory:
    """A client context that encrypts but does not check who the server is."""

    isClient = 1
    method = SSL.TLS_METHOD
    _contextFactory = SSL.Context

    def getContext(self) -> SSL.Context:
        """A fresh client context, TLS 1.2 or newer, without verification."""
        context = self._contextFactory(self.method)
        context.set_options(SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_TLSv1
                            | SSL.OP_NO_TLSv1_1)
        return context


__all__ = [
    "ContextFactory", "DefaultOpenSSLContextFactory", "ClientContextFactory",
    "DistinguishedName", "DN", "CertBase", "Certificate", "PrivateCertificate", "PublicKey",
    "KeyPair", "CertificateOptions", "ClientTLSOptions", "IOpenSSLTrustRoot",
    "OpenSSLCertificateAuthorities", "OpenSSLDefaultPaths", "platformTrust", "TLSVersion",
    "VerificationError", "optionsForClientTLS", "trustRootFromCertificates",
    "AcceptableCiphers",
]
