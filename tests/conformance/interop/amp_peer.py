"""One end of an AMP conversation, run on either reactor: ``amp_peer.py server`` prints its
port then what it is sent; ``amp_peer.py client PORT`` runs the scenario and prints what it
gets back. Only ``twisted.*`` names, so ``python -m refreactor amp_peer.py`` runs it on
refreactor."""

import datetime
import decimal
import sys

from twisted.internet import defer, protocol, reactor
from twisted.protocols import amp
from twisted.python.filepath import FilePath

EIGHT_HOURS_WEST = datetime.timezone(datetime.timedelta(hours=-8, minutes=-30))


class Overdrawn(Exception):
    pass


class Fatal(Exception):
    pass


class Everything(amp.Command):
    arguments = [
        (b"number", amp.Integer()), (b"data", amp.String()), (b"text", amp.Unicode()),
        (b"flag", amp.Boolean()), (b"ratio", amp.Float()), (b"price", amp.Decimal()),
        (b"when", amp.DateTime()), (b"counts", amp.ListOf(amp.Integer())),
        (b"rows", amp.AmpList([(b"name", amp.Unicode()), (b"size", amp.Integer())])),
        (b"where", amp.Path()), (b"maybe", amp.Integer(optional=True)),
        (b"from", amp.Unicode()),  # "from" is a keyword: the Python name is From
    ]
    response = arguments


class Withdraw(amp.Command):
    arguments = [(b"amount", amp.Integer())]
    response = [(b"balance", amp.Integer())]
    errors = {Overdrawn: b"OVERDRAWN"}
    fatalErrors = {Fatal: b"FATAL"}


class Explode(amp.Command):
    arguments = []
    response = []


class Total(amp.Command):
    arguments = [(b"values", amp.ListOf(amp.Integer()))]
    response = [(b"total", amp.Integer()), (b"names", amp.ListOf(amp.Unicode()))]


class Store(amp.Command):
    arguments = [(b"data", amp.String())]
    response = [(b"size", amp.Integer())]


class Fetch(amp.Command):
    arguments = [(b"size", amp.Integer())]
    response = [(b"data", amp.String())]


class Note(amp.Command):
    arguments = [(b"text", amp.Unicode())]
    requiresAnswer = False


class Missing(amp.Command):
    arguments = []
    response = []


class Done(amp.Command):
    arguments = []
    response = []


def show(value):
    """A value as the same text on both reactors."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, FilePath):
        return f"FilePath({value.path!r})"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(value[k])}" for k in sorted(value)) + "}"
    return repr(value)


def out(*words):
    print(*words, flush=True)


class Bank(amp.AMP):
    balance = 100

    @Everything.responder
    def everything(self, **kw):
        out("server everything", show(kw))
        return kw

    @Withdraw.responder
    def withdraw(self, amount):
        out("server withdraw", amount)
        if amount > 1000:
            raise Fatal("too much to even consider")
        if amount > self.balance:
            raise Overdrawn(f"only {self.balance} left")
        self.balance -= amount
        return {"balance": self.balance}

    @Explode.responder
    def explode(self):
        out("server explode")
        raise ValueError("an error Explode does not declare")

    @Total.responder
    def total(self, values):
        out("server total", len(values), values[:3], values[-1])
        return {"total": sum(values), "names": [f"n\u00e9{i}" for i in range(1000)]}

    @Store.responder
    def store(self, data):
        out("server store", len(data))
        return {"size": len(data)}

    @Fetch.responder
    def fetch(self, size):
        out("server fetch", size)
        return {"data": b"x" * size}

    @Note.responder
    def note(self, text):
        out("server note", repr(text))
        return {}

    def amp_RAW(self, box):
        out("server raw", show(dict(box)))
        return amp.AmpBox(echo=box[b"word"])

    @Done.responder
    def done(self):
        out("server done")
        reactor.callLater(0.1, reactor.stop)
        return {}


def serve():
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Bank), interface="127.0.0.1")
    out(port.getHost().port)
    reactor.run()


def failed(failure):
    """What a failed call ended with, the same on both reactors."""
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


async def scenario(port):
    creator = protocol.ClientCreator(reactor, amp.AMP)

    async def connect():
        return await creator.connectTCP("127.0.0.1", port)

    async def call(client, command, **kw):
        try:
            result = await client.callRemote(command, **kw)
        except Exception:
            from twisted.python.failure import Failure
            return "error " + failed(Failure())
        return show(result)

    client = await connect()
    everything = dict(
        number=2 ** 70, data=b"\x00\xffbytes", text="h\u00e9llo \u65e5\u672c", flag=True,
        ratio=0.1, price=decimal.Decimal("-1.50E+3"),
        when=datetime.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=EIGHT_HOURS_WEST),
        counts=[0, -1, 2 ** 40], rows=[{"name": "a", "size": 1}, {"name": "\u00e9", "size": 2}],
        where=FilePath("/tmp/some where"), maybe=None)
    everything["From"] = "a Python keyword as an argument name"
    out("client everything", await call(client, Everything, **everything))
    out("client infinity", await call(client, Everything, **dict(everything, ratio=float("inf"))))
    out("client declared", await call(client, Withdraw, amount=150))
    out("client success", await call(client, Withdraw, amount=30))
    out("client unhandled", await call(client, Missing))
    out("client string", show(dict(await client.callRemoteString(b"RAW", word=b"hi"))))
    client.callRemote(Note, text="fire and forget")
    total = await client.callRemote(Total, values=list(range(1000)))
    out("client list", total["total"], len(total["names"]), show(total["names"][-2:]))
    out("client big value", await call(client, Store, data=b"y" * 65535))
    try:
        client.callRemote(Store, data=b"y" * 65536)
    except amp.TooLong as e:
        out("client too long", repr(e))
    out("client after too long", await call(client, Withdraw, amount=1))
    out("client fatal", await call(client, Withdraw, amount=5000))
    client = await connect()
    out("client undeclared", await call(client, Explode))
    client = await connect()
    out("client answer too long", await call(client, Fetch, size=65536))
    client = await connect()
    out("client done", await call(client, Done))


def main():
    if sys.argv[1] == "server":
        serve()
        return
    d = defer.ensureDeferred(scenario(int(sys.argv[2])))
    d.addErrback(lambda f: out("client crashed", f.getTraceback()))
    d.addBoth(lambda _: reactor.stop())
    reactor.run()


main()
