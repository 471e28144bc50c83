"""IReactorThreads: callInThread failures, deferToThread, callFromThread order, blocking calls."""

import threading

from twisted.internet import defer, reactor, threads
from twisted.python import log

logged = []


def observe(event):
    if event.get("isError") and event.get("failure") is not None:
        logged.append(event["failure"].type.__name__)


log.addObserver(observe)


def boom(n):
    raise ZeroDivisionError(n)


@defer.inlineCallbacks
def main():
    reactor.suggestThreadPoolSize(1)  # one worker: thread work runs in submission order
    pool = reactor.getThreadPool()
    print("pool max:", pool.max)

    for i in range(3):
        reactor.callInThread(boom, i)
    alive = defer.Deferred()
    reactor.callInThread(lambda: reactor.callFromThread(alive.callback, "pool still works"))
    print((yield alive), "after", len(logged), "logged errors:", logged)

    result = yield threads.deferToThread(lambda a, b: a + b, 40, b=2)
    print("deferToThread:", result)
    try:
        yield threads.deferToThread(boom, 7)
    except ZeroDivisionError as e:
        print("deferToThread failure:", repr(e))

    reactor.suggestThreadPoolSize(4)
    perThread = 2000
    got = {t: [] for t in range(4)}
    done = defer.Deferred()
    remaining = [4 * perThread]

    def record(t, i):
        got[t].append(i)
        remaining[0] -= 1
        if not remaining[0]:
            done.callback(None)

    def produce(t):
        for i in range(perThread):
            reactor.callFromThread(record, t, i)

    producers = [threading.Thread(target=produce, args=(t,)) for t in range(4)]
    for p in producers:
        p.start()
    yield done
    for p in producers:
        p.join()
    print("callFromThread in order per thread:",
          all(got[t] == list(range(perThread)) for t in range(4)))

    def later(x):
        d = defer.Deferred()
        reactor.callLater(0.01, d.callback, x * 2)
        return d

    def fails():
        raise KeyError("in reactor")

    def worker():
        value = threads.blockingCallFromThread(reactor, later, 21)
        try:
            threads.blockingCallFromThread(reactor, fails)
        except KeyError as e:
            return value, repr(e)

    print("blockingCallFromThread:", (yield threads.deferToThread(worker)))

    order = []
    finished = defer.Deferred()
    threads.callMultipleInThread([(order.append, (1,), {}), (order.append, (2,), {}),
                                  (lambda: reactor.callFromThread(finished.callback, None), (),
                                   {})])
    yield finished
    print("callMultipleInThread:", order)
    return pool


def end(pool):
    reactor.stop()
    return pool


d = defer.Deferred()
reactor.callWhenRunning(lambda: main().addBoth(end).chainDeferred(d))
reactor.run()
pool = d.result
print("pool started after shutdown:", pool.started)
d.addErrback(lambda f: None)
