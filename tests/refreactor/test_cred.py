"""twisted.cred on refreactor: the portal, its checkers and credentials, and every refusal."""

import os
from hashlib import md5

import pytest
from refreactor.cred import checkers, credentials, error, portal
from zope.interface import Interface, implementer
from zope.interface.verify import verifyObject


class IThing(Interface):
    pass


@implementer(portal.IRealm)
class Realm:
    def __init__(self):
        self.requests = []

    def requestAvatar(self, avatarId, mind, *interfaces):
        self.requests.append((avatarId, mind, interfaces))
        if IThing not in interfaces:
            raise NotImplementedError("only IThing")
        return IThing, ("avatar", avatarId), lambda: None


def result(d):
    """The result of a fired Deferred: its value, or the Failure it failed with."""
    box = []
    d.addBoth(box.append)
    assert box, "the Deferred has not fired"
    return box[0]


def login(checker, creds, *interfaces):
    p = portal.Portal(Realm(), [checker])
    return result(p.login(creds, "mind", *(interfaces or (IThing,))))


def assertRefused(outcome, errorType=error.UnauthorizedLogin):
    assert not isinstance(outcome, tuple), f"login succeeded: {outcome}"
    assert outcome.check(errorType), outcome


def test_portal_gives_interface_avatar_and_logout_and_passes_the_mind():
    realm = Realm()
    p = portal.Portal(realm, [checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"pw")])
    interface, avatar, logout = result(
        p.login(credentials.UsernamePassword(b"alice", b"pw"), "the mind", IThing))
    assert interface is IThing and avatar == ("avatar", b"alice") and callable(logout)
    assert realm.requests == [(b"alice", "the mind", (IThing,))]


def test_wrong_password_and_unknown_user_are_unauthorized():
    db = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"pw")
    assertRefused(login(db, credentials.UsernamePassword(b"alice", b"px")))
    assertRefused(login(db, credentials.UsernamePassword(b"bob", b"pw")))
    db.addUser(b"bob", b"pw")
    assert login(db, credentials.UsernamePassword(b"bob", b"pw"))[1] == ("avatar", b"bob")


def test_credentials_no_checker_takes_are_unhandled():
    outcome = result(portal.Portal(Realm()).login(credentials.Anonymous(), None, IThing))
    assertRefused(outcome, error.UnhandledCredentials)
    assert "IAnonymous" in outcome.getErrorMessage()


def test_the_realms_error_reaches_the_caller():
    db = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"pw")
    assertRefused(login(db, credentials.UsernamePassword(b"alice", b"pw"), Interface),
                  NotImplementedError)


def test_anonymous_access():
    interface, avatar, _ = login(checkers.AllowAnonymousAccess(), credentials.Anonymous())
    assert avatar == ("avatar", checkers.ANONYMOUS) and checkers.ANONYMOUS == ()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_hashed_password_credentials_are_checked_against_plain_text():
    db = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"pw")
    assert login(db, credentials.UsernameHashedPassword(b"alice", b"pw"))[1][1] == b"alice"
    assertRefused(login(db, credentials.UsernameHashedPassword(b"alice", b"no")))


def test_interfaces_are_provided():
    assert verifyObject(credentials.IUsernamePassword, credentials.UsernamePassword(b"u", b"p"))
    assert credentials.IAnonymous.providedBy(credentials.Anonymous())
    assert verifyObject(checkers.ICredentialsChecker, checkers.AllowAnonymousAccess())
    assert issubclass(credentials.IUsernamePassword, credentials.ICredentials)
    p = portal.Portal(Realm(), [checkers.InMemoryUsernamePasswordDatabaseDontUse()])
    assert set(p.listCredentialsInterfaces()) == {credentials.IUsernamePassword,
                                                  credentials.IUsernameHashedPassword}


def test_error_hierarchy():
    assert issubclass(error.UnauthorizedLogin, error.LoginFailed)
    assert issubclass(error.UnauthorizedLogin, error.Unauthorized)
    assert issubclass(error.UnhandledCredentials, error.LoginFailed)
    assert issubclass(error.LoginDenied, error.LoginFailed)


@pytest.fixture
def passwd(tmp_path):
    path = tmp_path / "passwd"
    path.write_bytes(b"Alice:secret\nbob:builder:more:fields\njustaname\n"
                     b"carol:" + md5(b"pw").hexdigest().encode() + b"\r\n")
    return path


def test_file_password_db_reads_user_and_password_fields(passwd):
    db = checkers.FilePasswordDB(str(passwd))
    assert login(db, credentials.UsernamePassword(b"Alice", b"secret"))[1][1] == b"Alice"
    assert login(db, credentials.UsernamePassword(b"bob", b"builder"))[1][1] == b"bob"
    assertRefused(login(db, credentials.UsernamePassword(b"alice", b"secret")))
    assertRefused(login(db, credentials.UsernamePassword(b"justaname", b"")))
    assert db.getUser(b"bob") == (b"bob", b"builder")
    with pytest.raises(KeyError):
        db.getUser(b"nobody")


def test_file_password_db_other_fields_and_delimiter(tmp_path):
    path = tmp_path / "db"
    path.write_bytes(b"1|secret|alice\n")
    db = checkers.FilePasswordDB(str(path), delim=b"|", usernameField=2, passwordField=1)
    assert login(db, credentials.UsernamePassword(b"alice", b"secret"))[1][1] == b"alice"


def test_file_password_db_case_insensitive_usernames(passwd):
    db = checkers.FilePasswordDB(str(passwd), caseSensitive=False)
    assert login(db, credentials.UsernamePassword(b"ALICE", b"secret"))[1][1] == b"alice"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_file_password_db_with_a_hash_takes_only_plain_passwords(passwd):
    db = checkers.FilePasswordDB(str(passwd), hash=lambda u, p, s: md5(p).hexdigest().encode())
    assert db.credentialInterfaces == (credentials.IUsernamePassword,)
    assert login(db, credentials.UsernamePassword(b"carol", b"pw"))[1][1] == b"carol"
    assertRefused(login(db, credentials.UsernamePassword(b"carol", b"px")))
    outcome = login(db, credentials.UsernameHashedPassword(b"carol", b"pw"))
    assertRefused(outcome, error.UnhandledCredentials)


def test_file_password_db_cache_reloads_when_the_file_changes(passwd):
    db = checkers.FilePasswordDB(str(passwd), cache=True)
    assertRefused(login(db, credentials.UsernamePassword(b"dave", b"new")))
    before = os.stat(passwd)
    with open(passwd, "ab") as f:
        f.write(b"dave:new\n")
    os.utime(passwd, ns=(before.st_atime_ns, before.st_mtime_ns))
    # The file's time did not change: the cached users are used.
    assertRefused(login(db, credentials.UsernamePassword(b"dave", b"new")))
    later = os.path.getmtime(passwd) + 5
    os.utime(passwd, (later, later))
    assert login(db, credentials.UsernamePassword(b"dave", b"new"))[1][1] == b"dave"


def test_a_missing_password_file_refuses_logins(tmp_path):
    db = checkers.FilePasswordDB(str(tmp_path / "absent"))
    assertRefused(login(db, credentials.UsernamePassword(b"alice", b"secret")))


def test_username_hashed_password_is_deprecated_as_in_twisted():
    with pytest.warns(DeprecationWarning, match="deprecated in Twisted 21.2.0"):
        cls = credentials.UsernameHashedPassword
    assert cls.__name__ == "UsernameHashedPassword"
