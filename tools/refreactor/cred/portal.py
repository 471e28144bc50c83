"""The portal: checks credentials, then asks the realm for the avatar (``twisted.cred.portal``)."""

from collections.abc import Iterable
from typing import Any

from zope.interface import Interface, providedBy

from refreactor.cred import error
from refreactor.internet import defer


class IRealm(Interface):
    """Where avatars come from."""

    def requestAvatar(avatarId, mind, *interfaces):
        """(interface, avatar, logout) for the first of ``interfaces`` the realm serves,
        or a Deferred of it."""


class Portal:
    """Logs users in: its checkers check credentials, its realm gives the avatar."""

    def __init__(self, realm: Any, checkers: Iterable[Any] = ()) -> None:
        self.realm = realm
        self.checkers: dict[Any, Any] = {}
        for checker in checkers:
            self.registerChecker(checker)

    def listCredentialsInterfaces(self) -> list[Any]:
        """The credentials interfaces some checker handles."""
        return list(self.checkers)

    def registerChecker(self, checker: Any, *credentialInterfaces: Any) -> None:
        """Use ``checker`` for ``credentialInterfaces`` (default: those it declares)."""
        for credentialInterface in credentialInterfaces or checker.credentialInterfaces:
            self.checkers[credentialInterface] = checker

    def login(self, credentials: Any, mind: Any, *interfaces: Any) -> defer.Deferred:
        """A Deferred of (interface, avatar, logout); it fails with UnauthorizedLogin when the
        checker refuses, UnhandledCredentials when no checker takes such credentials."""
        for credentialInterface, checker in self.checkers.items():
            if credentialInterface.providedBy(credentials):
                d = defer.maybeDeferred(checker.requestAvatarId, credentials)
                return d.addCallback(self.realm.requestAvatar, mind, *interfaces)
        names = ", ".join(f"{i.__module__}.{i.__name__}".replace("refreactor.", "twisted.", 1)
                          for i in providedBy(credentials))
        return defer.fail(error.UnhandledCredentials(f"No checker for {names}"))
