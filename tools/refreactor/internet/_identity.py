"""Service identity: does a server's certificate name the host the client meant to reach?

The rules are those of RFC 6125, as Twisted applies them through ``service_identity``: only
the certificate's subjectAltName entries count (never the subject's common name); a DNS name
matches case-insensitively, a wildcard only as the whole leftmost label of a name with at
least three labels; an IP address literal matches an iPAddress entry only.
"""

import ipaddress

from cryptography import x509


class VerificationError(Exception):
    """The peer's certificate does not name the host we meant to reach."""


def hostnameBytes(hostname: str) -> bytes:
    """``hostname`` as the ASCII bytes a certificate carries (IDNA for a DNS name)."""
    if isIPLiteral(hostname):
        return hostname.encode("ascii")
    return hostname.encode("idna")


def isIPLiteral(hostname: str) -> bool:
    """True when ``hostname`` is an IPv4 or IPv6 address rather than a DNS name."""
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return True


def verifyHostname(certificate: x509.Certificate, hostname: str) -> None:
    """Raise VerificationError unless ``certificate`` is valid for ``hostname``."""
    try:
        names = certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        raise VerificationError(
            f"the certificate has no subjectAltName, so it names no host ({hostname!r})"
        ) from None
    if isIPLiteral(hostname):
        wanted = ipaddress.ip_address(hostname)
        if wanted in names.get_values_for_type(x509.IPAddress):
            return
    else:
        host = hostnameBytes(hostname).decode("ascii").lower().rstrip(".")
        if any(_dnsMatches(pattern, host) for pattern in names.get_values_for_type(x509.DNSName)):
            return
    raise VerificationError(f"the certificate does not name {hostname!r}")


def _dnsMatches(pattern: str, host: str) -> bool:
    pattern = pattern.lower().rstrip(".")
    if not pattern.startswith("*."):
        return pattern == host
    rest = pattern[2:]
    if rest.count(".") < 1 or "*" in rest:
        return False  # "*.com" would cover a whole top-level domain.
    label, _, hostRest = host.partition(".")
    return bool(label) and hostRest == rest
