"""twisted.spread.pb on refreactor, over TCP on 127.0.0.1: calls, copies, references, caches,
errors, cred logins, disconnection; and hostile peers written with plain sockets."""

import gc
import socket
import sys
import threading
import time
import tracemalloc

import pytest
from refreactor.cred import checkers, credentials, error, portal
from refreactor.internet import defer
from refreactor.spread import flavors, jelly, pb
from zope.interface import implementer


class PondError(pb.Error):
    pass


class Point(pb.Copyable):
    def __init__(self, x, y):
        self.x, self.y = x, y


class RemotePoint(pb.RemoteCopy):
    pass


pb.setUnjellyableForClass(Point, RemotePoint)


class Hidden(pb.Copyable):
    """A Copyable no receiver registered."""


class Secretive(pb.Copyable):
    def __init__(self):
        self.public, self.secret = "shown", "kept"

    def getStateToCopy(self):
        return {"public": self.public}


class RemoteSecretive(pb.RemoteCopy):
    pass


pb.setUnjellyableForClass(Secretive, RemoteSecretive)


class Counter(pb.Referenceable):
    def __init__(self):
        self.count = 0

    def remote_increment(self, by=1):
        self.count += by
        return self.count


class Pond(pb.Cacheable):
    def __init__(self):
        self.ducks = ["mallard"]
        self.observers = []
        self.stopped = []

    def getStateToCacheAndObserveFor(self, perspective, observer):
        self.observers.append(observer)
        return {"ducks": self.ducks}

    def addDuck(self, name):
        self.ducks.append(name)
        return [o.callRemote("addDuck", name) for o in self.observers]

    def stoppedObserving(self, perspective, observer):
        self.observers.remove(observer)
        self.stopped.append(observer)


class RemotePond(pb.RemoteCache):
    def setCopyableState(self, state):
        self.ducks = list(state["ducks"])

    def observe_addDuck(self, name):
        self.ducks.append(name)
        return len(self.ducks)


pb.setUnjellyableForClass(Pond, RemotePond)


class Server(pb.Root):
    def __init__(self):
        self.pond = Pond()
        self.counter = Counter()
        self.never = defer.Deferred()

    def remote_echo(self, *args, **kw):
        return [list(args), kw]

    def remote_scale(self, point, factor):
        return Point(point.x * factor, point.y * factor)

    def remote_hidden(self):
        return Hidden()

    def remote_secretive(self):
        return Secretive()

    def remote_fail(self):
        raise PondError("frozen")

    def remote_crash(self):
        return {}["missing"]

    def remote_later(self, value):
        return defer.succeed(value * 2)

    def remote_laterFail(self):
        return defer.fail(PondError("later"))

    def remote_wait(self):
        return self.never

    def remote_counter(self):
        return self.counter

    def remote_call(self, ref, *args):
        return ref.callRemote("hello", *args)

    def remote_pond(self):
        return self.pond

    def remote_addDuck(self, name):
        return defer.gatherResults(self.pond.addDuck(name))


class Badge(pb.Viewable):
    def view_whoami(self, perspective, suffix=""):
        return perspective.name + suffix


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
        self.logins, self.logouts, self.minds = [], [], []

    def requestAvatar(self, avatarId, mind, *interfaces):
        assert pb.IPerspective in interfaces
        name = "anonymous" if avatarId == checkers.ANONYMOUS else avatarId.decode()
        self.logins.append(name)
        self.minds.append(mind)
        return pb.IPerspective, User(name), lambda: self.logouts.append(name)


def serve(reactor, root, **kw):
    return reactor.listenTCP(0, pb.PBServerFactory(root, **kw), interface="127.0.0.1")


def connect(reactor, port):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    return factory


def pause(reactor, seconds=0.05):
    d = defer.Deferred()
    reactor.callLater(seconds, d.callback, None)
    return d


def failureOf(d):
    """A Deferred of ``[failure]``, the failure ``d`` fails with (in a list: a Failure
    returned by an errback would go on failing); it fails itself if ``d`` succeeds."""
    def unexpected(result):
        raise AssertionError(f"expected a failure, got {result!r}")
    return d.addCallbacks(unexpected, lambda f: [f])


@pytest.fixture
def server():
    return Server()


def test_nested_values_and_keywords_round_trip(reactor, run, server):
    values = [0, -1, 2**31, -(2**31) - 1, 2**300, -(2**400), 0.1, "t\u00eaxt", b"\x00\xff",
              None, True, False, [], (), {}, [[1, (2, {"k": [None]})]], {(1, b"b"): 2.5}]

    @defer.inlineCallbacks
    def scenario():
        factory = connect(reactor, serve(reactor, server))
        root = yield factory.getRootObject()
        echoed = yield root.callRemote("echo", *values, key={"nested": (1, [2])})
        assert echoed == [values, {"key": {"nested": (1, [2])}}]
        assert [type(v) for v in echoed[0]] == [type(v) for v in values]
        factory.disconnect()

    run(scenario)


def test_copies_deferred_results_and_refused_copies(reactor, run, server):
    @defer.inlineCallbacks
    def scenario():
        factory = connect(reactor, serve(reactor, server))
        root = yield factory.getRootObject()
        point = yield root.callRemote("scale", Point(2, 3), 10)
        assert type(point) is RemotePoint and (point.x, point.y) == (20, 30)
        secretive = yield root.callRemote("secretive")
        assert vars(secretive) == {"public": "shown"}
        assert (yield root.callRemote("later", 21)) == 42
        [f] = yield failureOf(root.callRemote("hidden"))
        assert f.check(jelly.InsecureJelly)
        factory.disconnect()

    run(scenario)


def test_remote_errors_arrive_by_class_name(reactor, run, server):
    @defer.inlineCallbacks
    def scenario():
        factory = connect(reactor, serve(reactor, server))
        root = yield factory.getRootObject()
        [f] = yield failureOf(root.callRemote("fail"))
        assert isinstance(f, pb.CopiedFailure)
        assert f.type == f"{__name__}.PondError".encode() and f.getErrorMessage() == "frozen"
        assert f.check(PondError) is PondError and f.check(pb.Error) is pb.Error
        assert f.check(f"{__name__}.PondError") and f.check("twisted.spread.pb.Error")
        assert f.check(KeyError, ValueError) is None
        assert f.trap(ValueError, PondError) is PondError
        with pytest.raises(pb.RemoteError) as trapped:
            f.trap(KeyError)
        assert trapped.value.remoteType == f"{__name__}.PondError".encode()
        with pytest.raises(pb.RemoteError):
            f.raiseException()
        assert "Traceback unavailable" in f.traceback
        [crash] = yield failureOf(root.callRemote("crash"))
        assert crash.check(KeyError) and crash.check("builtins.LookupError")
        [missing] = yield failureOf(root.callRemote("noSuchMethod"))
        assert missing.check(pb.NoSuchMethod) and missing.check(AttributeError)
        assert "remote_noSuchMethod" in missing.getErrorMessage()
        [later] = yield failureOf(root.callRemote("laterFail"))
        assert later.check(PondError)
        factory.disconnect()

    run(scenario)


def test_unsafe_tracebacks_send_the_traceback_text(reactor, run, server):
    @defer.inlineCallbacks
    def scenario():
        factory = connect(reactor, serve(reactor, server, unsafeTracebacks=True))
        root = yield factory.getRootObject()
        [f] = yield failureOf(root.callRemote("crash"))
        assert "remote_crash" in f.traceback and "KeyError" in f.traceback
        factory.disconnect()

    run(scenario)


def test_references_both_ways_and_their_release(reactor, run, server):
    class Client(pb.Referenceable):
        def remote_hello(self, n):
            return f"hello {n}"

    @defer.inlineCallbacks
    def scenario():
        port = serve(reactor, server)
        brokers = []
        factory = port.factory
        original = factory.buildProtocol
        factory.buildProtocol = lambda addr: brokers.append(original(addr)) or brokers[-1]
        client = connect(reactor, port)
        root = yield client.getRootObject()
        counter = yield root.callRemote("counter")
        assert (yield counter.callRemote("increment")) == 1
        assert (yield counter.remoteMethod("increment")(by=4)) == 5
        again = yield root.callRemote("counter")
        assert again == counter and hash(again) == hash(counter)
        assert (yield root.callRemote("call", Client(), 7)) == "hello 7"
        held = len(brokers[0].localObjects)
        del counter, again
        gc.collect()
        yield root.callRemote("echo")  # the decrefs went before this call
        assert len(brokers[0].localObjects) == held - 1
        assert root.callRemote("echo", pbanswer=0) is None
        client.disconnect()

    run(scenario)


def test_cacheable_observers_and_stopped_observing(reactor, run, server):
    @defer.inlineCallbacks
    def scenario():
        client = connect(reactor, serve(reactor, server))
        root = yield client.getRootObject()
        pond = yield root.callRemote("pond")
        assert type(pond) is RemotePond and pond.ducks == ["mallard"]
        sameAgain = yield root.callRemote("pond")
        assert sameAgain.ducks is pond.ducks
        assert (yield root.callRemote("addDuck", "teal")) == [2]
        assert pond.ducks == ["mallard", "teal"]
        client.disconnect()
        for _ in range(100):
            if server.pond.stopped:
                break
            yield pause(reactor)
        assert len(server.pond.stopped) == 1 and server.pond.observers == []

    run(scenario)


def test_login_through_cred_with_wrong_and_right_passwords(reactor, run):
    realm = Realm()
    db = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"wonderland")
    port = serve(reactor, portal.Portal(realm, [db, checkers.AllowAnonymousAccess()]))

    class Mind(pb.Referenceable):
        pass

    @defer.inlineCallbacks
    def scenario():
        client = connect(reactor, port)
        for user, password in ((b"alice", b"wrong"), (b"bob", b"wonderland")):
            [f] = yield failureOf(client.login(credentials.UsernamePassword(user, password)))
            assert f.check(error.UnauthorizedLogin) and f.check(error.LoginFailed)
            assert f.type == b"twisted.cred.error.UnauthorizedLogin"
        assert realm.logins == []
        avatar = yield client.login(credentials.UsernamePassword(b"alice", b"wonderland"),
                                    Mind())
        assert isinstance(realm.minds[-1], pb.RemoteReference)
        assert (yield avatar.callRemote("greet", "hello")) == "hello, alice"
        badge = yield avatar.callRemote("badge")
        assert (yield badge.callRemote("whoami", suffix="!")) == "alice!"
        anonymousClient = connect(reactor, port)
        anonymous = yield anonymousClient.login(credentials.Anonymous())
        assert (yield anonymous.callRemote("greet", "hi")) == "hi, anonymous"
        assert realm.logins == ["alice", "anonymous"]
        client.disconnect()
        anonymousClient.disconnect()
        for _ in range(100):
            if len(realm.logouts) == 2:
                break
            yield pause(reactor)
        assert sorted(realm.logouts) == ["alice", "anonymous"]

    run(scenario)


def test_disconnect_notifications_dead_references_and_lost_calls(reactor, run, server):
    @defer.inlineCallbacks
    def scenario():
        port = serve(reactor, server)
        client = connect(reactor, port)
        root = yield client.getRootObject()
        assert (yield client.getRootObject()) is root
        told, untold = [], []
        root.notifyOnDisconnect(told.append)
        root.notifyOnDisconnect(untold.append)
        root.dontNotifyOnDisconnect(untold.append)
        waiting = failureOf(root.callRemote("wait"))
        yield pause(reactor)
        server.never = defer.Deferred()
        for transport in list(reactor.getReaders()):
            if getattr(transport, "server", None) is not None:
                transport.loseConnection()  # the server drops the connection
        [lost] = yield waiting
        assert lost.check(pb.PBConnectionLost)
        yield pause(reactor)  # waiting calls fail first, then the notifiers run
        assert told == [root] and untold == []
        with pytest.raises(pb.DeadReferenceError):
            root.callRemote("echo")

    run(scenario)


def test_get_root_object_fails_when_the_connection_is_refused(reactor, run):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    freePort = probe.getsockname()[1]
    probe.close()

    def scenario():
        factory = pb.PBClientFactory()
        reactor.connectTCP("127.0.0.1", freePort, factory)
        return failureOf(factory.getRootObject())

    [f] = run(scenario)
    assert f.check("refreactor.internet.error.ConnectionRefusedError")


def test_respond_answers_the_md5_challenge():
    from hashlib import md5

    challenge = pb.challenge()
    assert len(challenge) == 16 and challenge != pb.challenge()
    assert pb.respond(b"chal", b"pw") == md5(md5(b"pw").digest() + b"chal").digest()


def test_flavors_names_are_those_of_pb():
    assert pb.Referenceable is flavors.Referenceable and pb.Root is flavors.Root
    assert pb.Copyable is flavors.Copyable and pb.RemoteCache is flavors.RemoteCache
    assert issubclass(pb.DeadReferenceError, pb.ProtocolError)


# -- hostile peers, with plain sockets ---------------------------------------------------------


def enc(obj):
    """Banana bytes for lists, bytes and non-negative ints (independent of the code tested)."""
    def b128(n):
        out = bytearray()
        while True:
            out.append(n & 0x7F)
            n >>= 7
            if not n:
                return bytes(out)
    if isinstance(obj, list):
        return b128(len(obj)) + b"\x80" + b"".join(enc(item) for item in obj)
    if isinstance(obj, bytes):
        return b128(len(obj)) + b"\x82" + obj
    return b128(obj) + b"\x81"


class Peer(threading.Thread):
    """A plain-socket peer running ``script(sock)`` in a thread; what it read is ``received``."""

    def __init__(self, script):
        super().__init__(daemon=True)
        self.script = script
        self.received = b""
        self.closed = False
        self.error = None

    def read(self, sock, until=None, seconds=10):
        """Read until ``until`` (bytes, or a test of all bytes read) holds, EOF or timeout."""
        done = until if callable(until) else (lambda data: until is not None and until in data)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not done(self.received):
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                self.closed = True
                return
            self.received += chunk

    def run(self):
        try:
            self.script(self)
        except Exception as e:  # reported by the test
            self.error = e


def waitFor(reactor, peer):
    """A Deferred firing once the peer's thread is done (the reactor keeps running)."""
    d = defer.Deferred()

    def poll():
        if peer.is_alive():
            reactor.callLater(0.02, poll)
        else:
            d.callback(peer)
    poll()
    return d


def hostileClient(port, payloads, until=None):
    def script(peer):
        with socket.create_connection(("127.0.0.1", port.getHost().port), timeout=0.2) as sock:
            peer.read(sock, until=b"none")
            sock.sendall(enc(b"pb"))
            for payload in payloads:
                sock.sendall(payload)
            peer.read(sock, until=until)
    return Peer(script)


def test_a_huge_length_prefix_drops_the_connection_without_allocating_it(reactor, run, server):
    port = serve(reactor, server)
    claimed = 64 * 1024 * 1024
    b128 = enc(claimed)[:-1]
    peer = hostileClient(port, [b128 + b"\x82" + b"x" * 100])
    tracemalloc.start()
    try:
        peer.start()
        run(waitFor, reactor, peer)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    peer.join()
    assert peer.error is None and peer.closed
    assert peak < claimed // 4, f"{peak} bytes traced for a refused {claimed}-byte string"


def test_an_overlong_prefix_drops_the_connection(reactor, run, server):
    peer = hostileClient(serve(reactor, server), [b"\x7f" * 100])
    peer.start()
    run(waitFor, reactor, peer)
    peer.join()
    assert peer.error is None and peer.closed


@pytest.fixture
def canary(tmp_path, monkeypatch):
    """A module on the path whose import would leave a mark file."""
    name = "pb_import_canary"
    (tmp_path / f"{name}.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_suffix('.imported').touch()\n"
        "class Thing:\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(name, None)
    return name.encode(), tmp_path / f"{name}.imported"


def test_a_peer_cannot_make_the_server_build_or_import_a_class(reactor, run, server, canary):
    name, mark = canary
    evil = [[name + b".Thing", [b"dictionary"]], [b"module", name], [b"class", name + b".Thing"],
            [b"function", b"os.system"], [b"os._wrap_close", [b"dictionary"]]]
    messages = [enc([b"message", i, b"root", b"echo", 1, [b"list", sexp], [b"dictionary"]])
                for i, sexp in enumerate(evil, 1)]
    before = set(sys.modules)
    peer = hostileClient(serve(reactor, server), messages,
                         until=lambda data: data.count(b"\x1c\x87") == len(evil))
    peer.start()
    run(waitFor, reactor, peer)
    peer.join()
    assert peer.error is None
    assert peer.received.count(b"\x1c\x87") == len(evil)  # "error" (vocabulary word 28)
    assert peer.received.count(b"twisted.spread.jelly.InsecureJelly") >= len(evil)
    assert set(sys.modules) == before and not mark.exists()


def test_a_hostile_server_cannot_make_the_client_build_a_class(reactor, run, canary):
    name, mark = canary
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def script(peer):
        sock, _ = listener.accept()
        with sock:
            sock.settimeout(0.2)
            sock.sendall(enc([b"pb", b"none"]))
            peer.read(sock, until=b"echo")
            sock.sendall(enc([b"answer", 1, [name + b".Thing", [b"dictionary"]]]))
            peer.read(sock)

    peer = Peer(script)
    peer.start()
    before = set(sys.modules)

    @defer.inlineCallbacks
    def scenario():
        factory = pb.PBClientFactory()
        reactor.connectTCP("127.0.0.1", listener.getsockname()[1], factory)
        root = yield factory.getRootObject()
        [f] = yield failureOf(root.callRemote("echo"))
        yield waitFor(reactor, peer)
        return [f]

    try:
        [f] = run(scenario)
    finally:
        listener.close()
        peer.join()
    assert f.check(jelly.InsecureJelly)
    assert peer.closed, "the client kept the connection to a hostile server"
    assert set(sys.modules) == before and not mark.exists()


def test_an_unknown_command_is_not_understood_and_a_non_list_drops_the_connection(
        reactor, run, server):
    port = serve(reactor, server)
    notUnderstood = enc([b"didNotUnderstand", b"frobnicate"])

    def script(peer):
        with socket.create_connection(("127.0.0.1", port.getHost().port), timeout=0.2) as sock:
            peer.read(sock, until=b"none")
            sock.sendall(enc(b"pb") + enc([b"frobnicate", 1]))
            peer.read(sock, until=notUnderstood)
            sock.sendall(enc(5))
            peer.read(sock)

    peer = Peer(script)
    peer.start()
    run(waitFor, reactor, peer)
    peer.join()
    assert peer.error is None and peer.closed
    assert notUnderstood in peer.received


def test_pagers_send_large_data_page_by_page(reactor, run, tmp_path):
    from refreactor.spread import util

    data = bytes(range(256)) * 100 + b"tail"
    path = tmp_path / "data"
    path.write_bytes(data)
    ended = []

    class Pages(pb.Root):
        def remote_string(self, collector):
            util.StringPager(collector, data, 4096, ended.append, "string")

        def remote_file(self, collector):
            util.FilePager(collector, open(path, "rb"), ended.append, "file")

    @defer.inlineCallbacks
    def scenario():
        client = connect(reactor, serve(reactor, Pages()))
        root = yield client.getRootObject()
        pages = yield util.getAllPages(root, "string")
        assert [len(p) for p in pages] == [4096] * 6 + [len(data) - 6 * 4096]
        assert b"".join(pages) == data
        filePages = yield util.getAllPages(root, "file")
        assert b"".join(filePages) == data and len(filePages) > 1
        assert ended == ["string", "file"]
        client.disconnect()

    run(scenario)


def test_local_objects_answer_call_remote():
    from refreactor.spread import util
    from zope.interface import Interface

    class Local(util.LocalAsRemote):
        reportAllTracebacks = 0

        def sync_add(self, a, b):
            return a + b

        def async_double(self, a):
            return a * 2

        def async_broken(self):
            raise ValueError("broken")

    local = Local()
    assert local.callRemote("add", 1, 2) == 3
    results = []
    local.remoteMethod("double")(4).addCallback(results.append)
    local.callRemote("broken").addErrback(lambda f: results.append(f.check(ValueError)))
    assert results == [8, ValueError]

    class IAdder(Interface):
        def add(a, b):
            """Add."""

    @implementer(IAdder)
    class Adder:
        def add(self, a, b):
            return a + b

        def other(self):
            return "not in the interface"

    forwarder = util.LocalAsyncForwarder(Adder(), IAdder, failWhenNotImplemented=1)
    forwarder.callRemote("add", 2, 3).addCallback(results.append)
    forwarder.callRemote("other").addErrback(
        lambda f: results.append(f.check(NotImplementedError)))
    assert results[2:] == [5, NotImplementedError]
