"""The PB interop client: calls the server of pb_server.py and prints what comes back.

Run as ``pb_client.py ROOTPORT PORTALPORT``.
"""

import datetime
import decimal
import sys

from pbshared import Point, PondError
from twisted.cred import credentials, error
from twisted.internet import defer, reactor, task
from twisted.spread import pb, util

rootPort, portalPort = (int(p) for p in sys.argv[1:3])


def outcome(d):
    """A Deferred of ("ok", result) or ("failed", failure)."""
    return d.addCallbacks(lambda r: ("ok", r), lambda f: ("failed", f))


def describeFailure(label, f):
    remoteType = f.type.decode() if isinstance(f.type, bytes) else f.type
    print(f"{label}: failed with {remoteType}: {f.getErrorMessage()}")
    print(f"  check(PondError)={f.check(PondError) is PondError}"
          f" check(pb.Error)={f.check(pb.Error) is pb.Error}"
          f" check('builtins.ZeroDivisionError')={f.check('builtins.ZeroDivisionError')}"
          f" check(UnauthorizedLogin)={f.check(error.UnauthorizedLogin) is error.UnauthorizedLogin}"
          f" check(NoSuchMethod)={f.check(pb.NoSuchMethod) is pb.NoSuchMethod}")


class Callback(pb.Referenceable):
    def remote_ping(self, value):
        print("client: pinged with", value)
        return value + 1


def connect(port):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", port, factory)
    return factory


VALUES = [
    0, 1, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**200, -(2**300), 1.5, -0.25, 1e300,
    "", "plain", "h\u00e9llo w\u00f6rld \u65e5\u672c", b"", b"\x00\xffbytes", None, True, False,
    [], (), {}, [1, [2, [3, [4]]]], (1, ("two", (3.0,))), {"a": 1, "b": [None, (True,)]},
    {1: "int key", (1, 2): "tuple key", b"k": "bytes key"},
    {3, 1, 2}, frozenset({"f"}), decimal.Decimal("-12.340"), datetime.date(2024, 2, 29),
    datetime.datetime(1999, 12, 31, 23, 59, 59, 999999), datetime.timedelta(-2, 3, 4),
]


@defer.inlineCallbacks
def main():
    factory = connect(rootPort)
    root = yield factory.getRootObject()
    echoed = yield root.callRemote("echo", VALUES)
    print("echo equal:", echoed == VALUES)
    for value, back in zip(VALUES, echoed, strict=True):
        print(f"  {type(value).__name__} {value!r} -> {type(back).__name__} {back!r}")
    shared = [1, 2]
    twice = yield root.callRemote("echo", [shared, shared])
    print("shared list stays shared:", twice[0] is twice[1], twice)
    kw = yield root.callRemote("echo", value={"k": "v"})
    print("keyword argument:", kw)

    point = yield root.callRemote("scale", Point(3, -4), 2)
    print("copy:", type(point).__name__, point.x, point.y)

    for method, args in (("fail", ("the pond is frozen",)), ("crash", ()), ("nosuch", ())):
        kind, f = yield outcome(root.callRemote(method, *args))
        describeFailure(method, f)
    kind, f = yield outcome(root.callRemote("fail", "trap me"))
    print("trap by name:", f.trap("pbshared.PondError"))

    counter = yield root.callRemote("counter")
    first = yield counter.callRemote("increment")
    print("counter:", first, (yield counter.callRemote("increment", by=5)))
    result = yield root.callRemote("callMeBack", Callback(), 41)
    print("callback:", result)

    pond = yield root.callRemote("pond")
    print("cache:", type(pond).__name__, pond.ducks)
    count = yield root.callRemote("addDuck", "teal")
    print("cache after addDuck:", count, pond.ducks)

    pages = yield util.getAllPages(root, "pages", 4500)
    print("pages:", [len(page) for page in pages], b"".join(pages)[-3:])

    portalFactory = connect(portalPort)
    for user, password in ((b"alice", b"wrong"), (b"nobody", b"wonderland")):
        kind, f = yield outcome(portalFactory.login(credentials.UsernamePassword(user, password)))
        describeFailure(f"login {user.decode()}/{password.decode()}", f)
    avatar = yield portalFactory.login(credentials.UsernamePassword(b"alice", b"wonderland"))
    print("login alice: ok;", (yield avatar.callRemote("greet", "hello")))
    badge = yield avatar.callRemote("badge")
    print("viewable:", (yield badge.callRemote("whoami")))
    anonymousFactory = connect(portalPort)
    anonymous = yield anonymousFactory.login(credentials.Anonymous())
    print("anonymous:", (yield anonymous.callRemote("greet", "hi")))

    lost = defer.Deferred()
    avatar.notifyOnDisconnect(lambda ref: lost.callback(ref is avatar))
    portalFactory.disconnect()
    print("notifyOnDisconnect called with the reference:", (yield lost))
    try:
        avatar.callRemote("greet", "again")
    except pb.DeadReferenceError as e:
        print("after disconnect: DeadReferenceError", e)
    anonymousFactory.disconnect()
    for _ in range(100):
        loggedOut = yield root.callRemote("loggedOut")
        if len(loggedOut) == 2:
            break
        yield task.deferLater(reactor, 0.05, lambda: None)
    print("logged out on disconnect:", loggedOut)

    notified = []
    root.notifyOnDisconnect(notified.append)
    root.dontNotifyOnDisconnect(notified.append)
    print("shutdown:", (yield root.callRemote("shutdown")))
    factory.disconnect()
    yield task.deferLater(reactor, 0.1, lambda: None)
    print("dontNotifyOnDisconnect kept quiet:", notified == [])


def report(f):
    print("client error:", f.getTraceback())


main().addErrback(report).addBoth(lambda _: reactor.stop())
reactor.run()
