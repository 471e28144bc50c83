"""Checkers turn credentials into an avatar ID, mirroring ``twisted.cred.checkers``."""

import os
from collections.abc import Callable, Iterator
from typing import Any

from zope.interface import Attribute, Interface, implementer

from refreactor.cred import error
from refreactor.cred.credentials import IAnonymous, IUsernameHashedPassword, IUsernamePassword
from refreactor.internet import defer
from refreactor.python import failure, log

# The avatar ID of an anonymous login.
ANONYMOUS: tuple[()] = ()


class ICredentialsChecker(Interface):
    """Checks credentials of the kinds it lists, giving an avatar ID."""

    credentialInterfaces = Attribute("The credentials interfaces this checker checks.")

    def requestAvatarId(credentials):
        """A Deferred of the avatar ID, or failing with UnauthorizedLogin."""


def _matched(matched: bool, username: bytes) -> bytes | failure.Failure:
    """The username if the password matched; else an UnauthorizedLogin failure (made, not
    raised, as in Twisted: logged, it shows no frames)."""
    if not matched:
        return failure.Failure(error.UnauthorizedLogin())
    return username


@implementer(ICredentialsChecker)
class AllowAnonymousAccess:
    """Lets anonymous users in, as ``ANONYMOUS``."""

    credentialInterfaces = (IAnonymous,)

    def requestAvatarId(self, credentials: Any) -> defer.Deferred:
        """Always ``ANONYMOUS``."""
        return defer.succeed(ANONYMOUS)


@implementer(ICredentialsChecker)
class InMemoryUsernamePasswordDatabaseDontUse:
    """Users and plain text passwords held in memory: for tests and examples only."""

    credentialInterfaces = (IUsernamePassword, IUsernameHashedPassword)

    def __init__(self, **users: bytes) -> None:
        self.users = {name.encode("ascii"): password for name, password in users.items()}

    def addUser(self, username: bytes, password: bytes) -> None:
        """Add (or replace) a user."""
        self.users[username] = password

    def requestAvatarId(self, credentials: Any) -> defer.Deferred:
        """The username, if the credentials' password matches the stored one."""
        if credentials.username not in self.users:
            return defer.fail(error.UnauthorizedLogin())
        d = defer.maybeDeferred(credentials.checkPassword, self.users[credentials.username])
        return d.addCallback(_matched, credentials.username)


@implementer(ICredentialsChecker)
class FilePasswordDB:
    """Users read from a text file: one user a line, fields split by ``delim``.

    ``hash(username, password, stored)`` (optional) hashes a given password as the file
    stores it; with it, only plain-password credentials can be checked. ``cache`` keeps the
    users in memory until the file's modification time changes.
    """

    cache = False

    def __init__(self, filename: str, delim: bytes = b":", usernameField: int = 0,
                 passwordField: int = 1, caseSensitive: bool = True,
                 hash: Callable[[bytes, bytes, bytes], bytes] | None = None,  # noqa: A002
                 cache: bool = False) -> None:
        self.filename = filename
        self.delim = delim
        self.ufield = usernameField
        self.pfield = passwordField
        self.caseSensitive = caseSensitive
        self.hash = hash
        self.cache = cache
        self._cached: dict[bytes, bytes] | None = None
        self._cachedMtime = 0.0
        if hash is None:
            self.credentialInterfaces = (IUsernamePassword, IUsernameHashedPassword)
        else:
            self.credentialInterfaces = (IUsernamePassword,)

    def _users(self) -> Iterator[tuple[bytes, bytes]]:
        """Each (username, stored password) of the file; lines with too few fields skipped."""
        try:
            with open(self.filename, "rb") as f:
                lines = f.read().splitlines()
        except OSError as e:
            log.msg(f"Unable to load credentials db: {e!r}")
            raise error.UnauthorizedLogin() from None
        for line in lines:
            fields = line.rstrip().split(self.delim)
            if max(self.ufield, self.pfield) >= len(fields):
                continue
            name = fields[self.ufield]
            yield (name if self.caseSensitive else name.lower()), fields[self.pfield]

    def getUser(self, username: bytes) -> tuple[bytes, bytes]:
        """(username, stored password) for ``username``; KeyError if there is none."""
        if not self.caseSensitive:
            username = username.lower()
        if self.cache:
            mtime = os.path.getmtime(self.filename)
            if self._cached is None or mtime > self._cachedMtime:
                self._cachedMtime = mtime
                self._cached = dict(self._users())
            return username, self._cached[username]
        for name, password in self._users():
            if name == username:
                return name, password
        raise KeyError(username)

    def requestAvatarId(self, credentials: Any) -> defer.Deferred:
        """The username as the file spells it, if the password matches."""
        try:
            username, stored = self.getUser(credentials.username)
        except KeyError:
            return defer.fail(error.UnauthorizedLogin())
        except error.UnauthorizedLogin:
            return defer.fail()
        if self.hash is None:
            d = defer.maybeDeferred(credentials.checkPassword, stored)
            return d.addCallback(_matched, username)
        plain = IUsernamePassword(credentials, None)
        if plain is not None and self.hash(plain.username, plain.password, stored) == stored:
            return defer.succeed(username)
        return defer.fail(error.UnauthorizedLogin())


OnDiskUsernamePasswordDatabase = FilePasswordDB
