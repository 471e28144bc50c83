"""TLS context factories on the standard ``ssl`` module, mirroring ``twisted.internet.ssl``.

A context factory's ``getContext()`` returns an ``ssl.SSLContext``; ``listenSSL`` and
``connectSSL`` wrap each connection's socket with it.
"""

import ssl as _stdlib_ssl
from typing import Any


class ContextFactory:
    """Makes the TLS context for connections; ``isClient`` tells which side it serves."""

    isClient = 0

    def getContext(self) -> _stdlib_ssl.SSLContext:
        """The context to wrap connections with."""
        raise NotImplementedError


class DefaultOpenSSLContextFactory(ContextFactory):
    """A server context loaded from a PEM private key file and a PEM certificate file."""

    def __init__(self, privateKeyFileName: str, certificateFileName: str,
                 sslmethod: Any = None) -> None:
        self.privateKeyFileName = privateKeyFileName
        self.certificateFileName = certificateFileName
        self.sslmethod = sslmethod
        self._context: _stdlib_ssl.SSLContext | None = None
        self.cacheContext()

    def cacheContext(self) -> None:
        """Build the context now (so a bad key or certificate fails at once)."""
        if self._context is None:
            context = _stdlib_ssl.SSLContext(_stdlib_ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certificateFileName, self.privateKeyFileName)
            self._context = context

    def getContext(self) -> _stdlib_ssl.SSLContext:
        """The server context."""
        self.cacheContext()
        assert self._context is not None
        return self._context


class ClientContextFactory(ContextFactory):
    """A client context that does not verify the server (as Twisted's, for examples)."""

    isClient = 1

    def getContext(self) -> _stdlib_ssl.SSLContext:
        """A fresh client context without certificate verification."""
        context = _stdlib_ssl.SSLContext(_stdlib_ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = _stdlib_ssl.CERT_NONE
        return context


__all__ = ["ContextFactory", "DefaultOpenSSLContextFactory", "ClientContextFactory"]
