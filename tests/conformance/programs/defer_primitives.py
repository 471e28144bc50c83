"""DeferredLock, DeferredSemaphore, DeferredQueue, addTimeout, cooperate and coiterate."""

from twisted.internet import defer, reactor, task


def sleep(seconds, value=None):
    return task.deferLater(reactor, seconds, lambda: value)


@defer.inlineCallbacks
def main():
    lock = defer.DeferredLock()

    @defer.inlineCallbacks
    def critical(name):
        print(name, "in, locked:", lock.locked)
        yield sleep(0.01)
        print(name, "out")
        return name

    names = yield defer.gatherResults([lock.run(critical, n) for n in ("a", "b", "c")])
    print("lock results", names, "locked:", lock.locked)
    try:
        lock.release()
    except AssertionError:
        print("release of an unlocked lock: AssertionError")

    semaphore = defer.DeferredSemaphore(2)
    active = []

    @defer.inlineCallbacks
    def limited(n):
        active.append(n)
        print("running", sorted(active))
        yield sleep(0.01 * (n + 1))
        active.remove(n)

    yield defer.gatherResults([semaphore.run(limited, n) for n in range(4)])
    print("semaphore tokens", semaphore.tokens, "of", semaphore.limit)

    queue = defer.DeferredQueue(size=1, backlog=1)
    got = queue.get()
    try:
        queue.get()
    except defer.QueueUnderflow:
        print("second waiting get: QueueUnderflow")
    reactor.callLater(0.01, queue.put, "delivered")
    print("got", (yield got))
    queue.put("kept")
    try:
        queue.put("one too many")
    except defer.QueueOverflow:
        print("put on a full queue: QueueOverflow")
    print("got", (yield queue.get()))

    slow = sleep(5, "too late")
    slow.addTimeout(0.05, reactor)
    try:
        yield slow
    except defer.TimeoutError:
        print("addTimeout: TimeoutError")
    quick = sleep(0.01, "in time")
    quick.addTimeout(5, reactor)
    print("addTimeout:", (yield quick))

    seen = []

    def steps(name, count):
        for n in range(count):
            seen.append(f"{name}{n}")
            if n == 1:
                yield sleep(0.01)
            yield None

    iterator = steps("x", 4)
    result = yield task.coiterate(iterator)
    print("coiterate gave back its iterator:", result is iterator, seen)
    running = task.cooperate(steps("y", 1000))
    running.pause()
    running.resume()
    reactor.callLater(0.005, running.stop)
    try:
        yield running.whenDone()
    except task.TaskStopped:
        print("stopped task: TaskStopped")
    failing = task.cooperate(iter(lambda: 1 / 0, None))
    try:
        yield failing.whenDone()
    except ZeroDivisionError:
        print("failing task: ZeroDivisionError")


def start():
    main().addErrback(lambda f: print("main failed:", f.getTraceback())).addBoth(
        lambda _: reactor.stop())


reactor.callWhenRunning(start)
reactor.run()
print("done")
