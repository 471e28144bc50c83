"""cred: a portal with checkers and a realm; what logins give and how they fail."""

import os
import tempfile
from hashlib import md5

from twisted.cred import checkers, credentials, error, portal
from zope.interface import Interface, implementer


class IThing(Interface):
    pass


@implementer(portal.IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        if IThing in interfaces:
            return IThing, f"avatar of {avatarId!r} with mind {mind}", lambda: print("logout")
        raise NotImplementedError("no such interface")


def show(label, d):
    def ok(result):
        interface, avatar, logout = result
        print(f"{label}: {interface.__name__} {avatar}")
        logout()

    def failed(f):
        print(f"{label}: {f.type.__name__} {f.getErrorMessage()!r}")

    d.addCallbacks(ok, failed)


memory = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"secret")
memory.addUser(b"bob", b"builder")
p = portal.Portal(Realm(), [memory, checkers.AllowAnonymousAccess()])
print("interfaces:", sorted(i.__name__ for i in p.listCredentialsInterfaces()))
show("right", p.login(credentials.UsernamePassword(b"alice", b"secret"), "m", IThing))
show("wrong", p.login(credentials.UsernamePassword(b"alice", b"nope"), None, IThing))
show("unknown", p.login(credentials.UsernamePassword(b"carol", b"x"), None, IThing))
show("added", p.login(credentials.UsernamePassword(b"bob", b"builder"), None, IThing))
show("hashed", p.login(credentials.UsernameHashedPassword(b"bob", b"builder"), None, IThing))
show("anonymous", p.login(credentials.Anonymous(), None, IThing))
print("ANONYMOUS:", checkers.ANONYMOUS)
show("no interface", p.login(credentials.UsernamePassword(b"alice", b"secret"), None, Interface))
bare = portal.Portal(Realm())
d = bare.login(credentials.Anonymous(), None, IThing)
d.addErrback(lambda f: print("unhandled:", f.check(error.UnhandledCredentials) is not None,
                             f.check(error.LoginFailed) is not None))
print("UnauthorizedLogin is a LoginFailed and Unauthorized:",
      issubclass(error.UnauthorizedLogin, error.LoginFailed),
      issubclass(error.UnauthorizedLogin, error.Unauthorized),
      issubclass(error.LoginDenied, error.LoginFailed))

folder = tempfile.mkdtemp()
path = os.path.join(folder, "passwd")
with open(path, "wb") as f:
    f.write(b"Alice:secret\nbob:builder:extra\nbroken\ncarol:" + md5(b"pw").hexdigest().encode()
            + b"\n")
plain = checkers.FilePasswordDB(path)
for user, password in ((b"Alice", b"secret"), (b"alice", b"secret"), (b"bob", b"builder"),
                       (b"bob", b"x"), (b"broken", b"")):
    show(f"file {user.decode()}", portal.Portal(Realm(), [plain]).login(
        credentials.UsernamePassword(user, password), None, IThing))
insensitive = checkers.FilePasswordDB(path, caseSensitive=False)
show("file insensitive", portal.Portal(Realm(), [insensitive]).login(
    credentials.UsernamePassword(b"ALICE", b"secret"), None, IThing))
hashed = checkers.FilePasswordDB(path, hash=lambda u, p, s: md5(p).hexdigest().encode())
print("hashed file interfaces:", [i.__name__ for i in hashed.credentialInterfaces])
show("file hash right", portal.Portal(Realm(), [hashed]).login(
    credentials.UsernamePassword(b"carol", b"pw"), None, IThing))
show("file hash wrong", portal.Portal(Realm(), [hashed]).login(
    credentials.UsernamePassword(b"carol", b"px"), None, IThing))
cached = checkers.FilePasswordDB(path, cache=True)
show("file cached", portal.Portal(Realm(), [cached]).login(
    credentials.UsernamePassword(b"bob", b"builder"), None, IThing))
with open(path, "ab") as f:
    f.write(b"dave:new\n")
os.utime(path, (os.path.getmtime(path) + 10,) * 2)
show("file cached reloads", portal.Portal(Realm(), [cached]).login(
    credentials.UsernamePassword(b"dave", b"new"), None, IThing))
print("getUser:", cached.getUser(b"dave"))
missing = checkers.FilePasswordDB(os.path.join(folder, "absent"))
show("file missing", portal.Portal(Realm(), [missing]).login(
    credentials.UsernamePassword(b"alice", b"secret"), None, IThing))
