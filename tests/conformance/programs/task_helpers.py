"""task.Clock, task.LoopingCall and task.deferLater."""

from twisted.internet import defer, reactor, task

clock = task.Clock()
ticks = []
loop = task.LoopingCall(lambda: ticks.append(clock.seconds()))
loop.clock = clock
loop.start(2.0).addCallback(lambda lc: print("loop stopped, same object:", lc is loop))
clock.pump([1, 1, 1, 3])
print("ticks:", ticks, "running:", loop.running)
loop.stop()
print("running after stop:", loop.running)

delayedLater = clock.callLater(5, print, "clock call")
print("clock calls:", len(clock.getDelayedCalls()), "now:", clock.seconds())
clock.advance(5)
print("after advance:", clock.seconds(), delayedLater.active())

counts = []
counting = task.LoopingCall.withCount(counts.append)
counting.clock = clock
counting.start(1.0)
clock.pump([0.5, 0.5, 3.2, 1, 0.3, 0.7, 10])
counting.stop()
print("withCount counts:", counts)

failing = task.LoopingCall(lambda: 1 / 0)
failing.clock = clock
failing.start(1).addErrback(lambda f: print("looping call failed:", f.getErrorMessage()))

later = task.deferLater(clock, 3, lambda a, b: a + b, 40, b=2)
later.addCallback(lambda v: print("deferLater:", v))
doomed = task.deferLater(clock, 3, print, "never")
doomed.addErrback(lambda f: print("cancelled deferLater:", f.check(defer.CancelledError).__name__))
doomed.cancel()
clock.advance(3)


@defer.inlineCallbacks
def onReactor():
    value = yield task.deferLater(reactor, 0.01, lambda: "real reactor")
    print("deferLater on reactor:", value)
    count = []
    realLoop = task.LoopingCall(count.append, 1)
    d = realLoop.start(0.01)
    yield task.deferLater(reactor, 0.035, lambda: None)
    realLoop.stop()
    yield d
    print("real loop ran at least 3 times:", len(count) >= 3)
    reactor.stop()


reactor.callWhenRunning(onReactor)
reactor.run()
