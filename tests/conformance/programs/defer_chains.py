"""Deferred: chains, errbacks, nesting, cancel, DeferredList, gatherResults, inlineCallbacks."""

from twisted.internet import defer, task
from twisted.python import failure


def show(label):
    def callback(result):
        if isinstance(result, failure.Failure):
            print(label, "failure:", result.type.__name__, result.getErrorMessage())
        else:
            print(label, "result:", result)
        return result
    return callback


d = defer.Deferred()
d.addCallback(lambda x: x * 2).addCallback(show("double"))
d.addCallback(lambda x: {}[x]).addErrback(show("lookup"))
d.addErrback(lambda f: f.trap(KeyError) and "trapped")
d.addCallback(show("after trap"))
d.callback(21)
try:
    d.callback(1)
except defer.AlreadyCalledError:
    print("second callback: AlreadyCalledError")

untrapped = defer.fail(ValueError("bad value"))
untrapped.addErrback(lambda f: f.trap(KeyError))
untrapped.addErrback(show("untrapped re-raised"))
untrapped.addErrback(lambda f: None)

inner = defer.Deferred()
outer = defer.succeed("start").addCallback(lambda _: inner).addCallback(show("outer"))
print("outer waiting, inner called:", inner.called)
inner.callback("from inner")
print("inner result consumed:", inner.result)

defer.succeed(1).addCallbacks(show("addCallbacks ok"), show("never"))
defer.fail(RuntimeError("e")).addCallbacks(show("never"), show("addCallbacks err"))
defer.succeed(2).addBoth(show("addBoth"))
chained = defer.Deferred()
chained.addCallback(show("chained target"))
defer.succeed("chain").chainDeferred(chained)

cancelled = defer.Deferred()
cancelled.addErrback(show("cancel"))
cancelled.addErrback(lambda f: None)
cancelled.cancel()
withCanceller = defer.Deferred(lambda d: print("canceller called"))
withCanceller.addErrback(show("custom cancel")).addErrback(lambda f: None)
withCanceller.cancel()
firedEarly = defer.Deferred(lambda d: d.callback("canceller fired it"))
firedEarly.addBoth(show("canceller result"))
firedEarly.cancel()

a, b, c = defer.Deferred(), defer.Deferred(), defer.Deferred()
defer.DeferredList([a, b, c], consumeErrors=True).addCallback(
    lambda results: print("DeferredList:", [(ok, r if ok else r.getErrorMessage())
                                            for ok, r in results]))
c.callback("c")
b.errback(ZeroDivisionError("b failed"))
a.callback("a")
defer.DeferredList([]).addCallback(show("empty DeferredList"))
x, y = defer.Deferred(), defer.Deferred()
defer.DeferredList([x, y], fireOnOneCallback=True).addCallback(show("fireOnOneCallback"))
y.callback("y")
x.callback("x")
defer.gatherResults([defer.succeed(1), defer.succeed(2)]).addCallback(show("gatherResults"))
defer.gatherResults([defer.succeed(1), defer.fail(KeyError("k"))], consumeErrors=True
                    ).addErrback(lambda f: print("gather FirstError index:", f.value.index,
                                                 f.value.subFailure.getErrorMessage()))
defer.maybeDeferred(lambda: 1 / 0).addErrback(show("maybeDeferred raise"))
defer.maybeDeferred(lambda: "plain").addCallback(show("maybeDeferred value"))
defer.maybeDeferred(defer.succeed, "deferred").addCallback(show("maybeDeferred deferred"))


@defer.inlineCallbacks
def generator(waitOn):
    first = yield defer.succeed(1)
    try:
        yield defer.fail(ValueError("inside"))
    except ValueError as e:
        print("inlineCallbacks caught:", e)
    second = yield waitOn
    return first + second


waitOn = defer.Deferred()
generator(waitOn).addCallback(show("inlineCallbacks"))
print("inlineCallbacks waiting")
waitOn.callback(41)


@defer.inlineCallbacks
def raising():
    yield defer.succeed(None)
    raise OSError("from generator")


raising().addErrback(show("inlineCallbacks error"))


async def coroutine():
    value = await defer.succeed(10)
    return value + 1


defer.ensureDeferred(coroutine()).addCallback(show("ensureDeferred"))
clock = task.Clock()
slow = defer.Deferred().addTimeout(5, clock)
slow.addErrback(show("addTimeout"))
clock.advance(5)

f = failure.Failure(KeyError("missing"))
print("check:", f.check(ValueError), f.check(LookupError).__name__)
print("getErrorMessage:", f.getErrorMessage())
try:
    f.trap(ValueError)
except KeyError:
    print("trap re-raised KeyError")
