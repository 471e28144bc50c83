"""Which TLS 1.2 cipher suites a context allows: ``AcceptableCiphers``, as Twisted names it.

TLS 1.3 suites are not chosen this way (OpenSSL keeps its own, all of them sound); a cipher
string only narrows the older suites.
"""

from dataclasses import dataclass
from functools import lru_cache

from OpenSSL import SSL
from zope.interface import implementer

from refreactor.internet.interfaces import IAcceptableCiphers, ICipher

# Forward-secret AEAD suites first, then forward-secret CBC, never unauthenticated or MD5.
DEFAULT_CIPHER_STRING = ("ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:DH+CHACHA20:ECDH+AES256:"
                         "DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS")


@implementer(ICipher)
@dataclass(frozen=True)
class OpenSSLCipher:
    """One cipher suite, by its OpenSSL name (``ECDHE-RSA-AES256-GCM-SHA384``)."""

    fullName: str


@lru_cache(maxsize=32)
def expandCipherString(cipherString: str, method: int, options: int) -> tuple[OpenSSLCipher, ...]:
    """The suites an OpenSSL cipher string stands for here, given a method and options."""
    context = SSL.Context(method)
    context.set_options(options)
    try:
        context.set_cipher_list(cipherString.encode("ascii"))
    except SSL.Error as e:
        if not e.args[0] or e.args[0][0][2] == "no cipher match":
            return ()
        raise
    return tuple(OpenSSLCipher(name) for name in SSL.Connection(context, None).get_cipher_list())


@implementer(IAcceptableCiphers)
class OpenSSLAcceptableCiphers:
    """An ordered choice of cipher suites, most preferred first."""

    def __init__(self, ciphers: tuple[OpenSSLCipher, ...] | list[OpenSSLCipher]) -> None:
        self._ciphers = tuple(ciphers)

    def selectCiphers(self, availableCiphers: tuple[OpenSSLCipher, ...]
                      ) -> tuple[OpenSSLCipher, ...]:
        """Ours that are available, in our order."""
        available = set(availableCiphers)
        return tuple(cipher for cipher in self._ciphers if cipher in available)

    @classmethod
    def fromOpenSSLCipherString(cls, cipherString: str) -> "OpenSSLAcceptableCiphers":
        """The suites an OpenSSL cipher string (``"ECDH+AESGCM:!aNULL"``) names."""
        return cls(expandCipherString(cipherString, SSL.TLS_METHOD,
                                      SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3))


defaultCiphers = OpenSSLAcceptableCiphers.fromOpenSSLCipherString(DEFAULT_CIPHER_STRING)
