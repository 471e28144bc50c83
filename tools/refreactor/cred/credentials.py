"""What a user presents to log in, mirroring ``twisted.cred.credentials``."""

import hmac
import warnings
from typing import Any

from zope.interface import Attribute, Interface, implementer


class ICredentials(Interface):
    """Something a checker can check: the base of every credentials interface."""


class IUsernameHashedPassword(ICredentials):
    """A username with a password in a form only ``checkPassword`` can compare."""

    username = Attribute("The username, bytes.")

    def checkPassword(password):
        """True if ``password`` (the plain text, bytes) matches."""


class IUsernamePassword(ICredentials):
    """A username and its plain text password."""

    username = Attribute("The username, bytes.")
    password = Attribute("The password, bytes.")

    def checkPassword(password):
        """True if ``password`` (bytes) equals the one given."""


class IAnonymous(ICredentials):
    """No credentials at all: an anonymous user."""


@implementer(IUsernamePassword)
class UsernamePassword:
    """A username and a plain text password, both bytes."""

    def __init__(self, username: bytes, password: bytes) -> None:
        self.username = username
        self.password = password

    def checkPassword(self, password: bytes) -> bool:
        """True if ``password`` equals this password (compared in constant time)."""
        return hmac.compare_digest(self.password, password)


@implementer(IUsernameHashedPassword)
class _UsernameHashedPassword:
    """A username and a password to compare with stored plain text passwords (deprecated)."""

    def __init__(self, username: bytes, hashed: bytes) -> None:
        self.username = username
        self.hashed = hashed

    def checkPassword(self, password: bytes) -> bool:
        """True if ``password`` equals the password given."""
        return hmac.compare_digest(self.hashed, password)


@implementer(IAnonymous)
class Anonymous:
    """The credentials of an anonymous user."""


_UsernameHashedPassword.__name__ = _UsernameHashedPassword.__qualname__ = "UsernameHashedPassword"


def __getattr__(name: str) -> Any:
    """``UsernameHashedPassword`` is still there, deprecated (as in Twisted 21.2.0)."""
    if name == "UsernameHashedPassword":
        warnings.warn("twisted.cred.credentials.UsernameHashedPassword was deprecated in "
                      "Twisted 21.2.0: Use twisted.cred.credentials.UsernamePassword instead.",
                      DeprecationWarning, stacklevel=2)
        return _UsernameHashedPassword
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
