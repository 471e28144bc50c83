"""The PB interop server: a root with remote methods, and a cred portal for logins.

Run as ``pb_server.py PORTFILE``: writes "ROOTPORT PORTALPORT" to PORTFILE once listening,
prints what it is asked (and the log text of a refused login), and stops when a client
calls ``shutdown``.
"""

import os
import sys

from pbshared import Point, Pond, PondError
from twisted.cred import checkers, error, portal
from twisted.internet import reactor
from twisted.python import log
from twisted.spread import pb, util
from zope.interface import implementer


class Counter(pb.Referenceable):
    def __init__(self):
        self.count = 0

    def remote_increment(self, by=1):
        self.count += by
        return self.count


class Echo(pb.Root):
    def __init__(self):
        self.pond = Pond()

    def remote_echo(self, value):
        print("server: echo", type(value).__name__)
        return value

    def remote_scale(self, point, factor):
        print("server: scale", type(point).__name__, point.x, point.y, factor)
        return Point(point.x * factor, point.y * factor)

    def remote_fail(self, message):
        raise PondError(message)

    def remote_crash(self):
        return 1 // 0

    def remote_counter(self):
        return Counter()

    def remote_callMeBack(self, callback, value):
        print("server: calling back")
        return callback.callRemote("ping", value).addCallback(lambda r: ("called back", r))

    def remote_pond(self):
        return self.pond

    def remote_addDuck(self, name):
        self.pond.addDuck(name)
        return len(self.pond.ducks)

    def remote_pages(self, collector, size):
        print("server: paging", size, "bytes")
        util.StringPager(collector, bytes(range(256)) * (size // 256) + b"!" * (size % 256),
                         chunkSize=1000)

    def remote_loggedOut(self):
        return sorted(realm.loggedOut)

    def remote_shutdown(self):
        print("server: shutting down")
        reactor.callLater(0.2, reactor.stop)
        return "bye"


class Badge(pb.Viewable):
    def view_whoami(self, perspective):
        return perspective.name


class User(pb.Avatar):
    def __init__(self, name):
        self.name = name

    def perspective_greet(self, greeting):
        return f"{greeting}, {self.name}"

    def perspective_badge(self):
        return Badge()


@implementer(portal.IRealm)
class Realm:
    def __init__(self):
        self.loggedOut = []

    def requestAvatar(self, avatarId, mind, *interfaces):
        name = "anonymous" if avatarId == checkers.ANONYMOUS else avatarId.decode()
        print("server: avatar for", name)
        return pb.IPerspective, User(name), lambda: self.loggedOut.append(name)


def printRefusedLogin(event):
    """A refused login is logged as an unhandled error: print that text as the log has it."""
    failure = event.get("failure")
    if event.get("isError") and failure is not None and failure.check(error.UnauthorizedLogin):
        print("server logged:", log.textFromEventDict(event))


log.addObserver(printRefusedLogin)
realm = Realm()
userDB = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"wonderland")
thePortal = portal.Portal(realm, [userDB, checkers.AllowAnonymousAccess()])
rootPort = reactor.listenTCP(0, pb.PBServerFactory(Echo()), interface="127.0.0.1")
portalPort = reactor.listenTCP(0, pb.PBServerFactory(thePortal), interface="127.0.0.1")
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(f"{rootPort.getHost().port} {portalPort.getHost().port}\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
reactor.callLater(60, reactor.stop)
reactor.run()
print("server: stopped")
