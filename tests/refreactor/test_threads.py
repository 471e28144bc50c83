"""IReactorThreads and refreactor.internet.threads on the reference reactor."""

import threading

import pytest
from refreactor.internet import defer, threads
from refreactor.internet.interfaces import IReactorThreads
from refreactor.python import log
from zope.interface.verify import verifyObject


@pytest.fixture
def errors():
    found = []

    def observe(event):
        if event.get("isError"):
            found.append(event["failure"])

    log.addObserver(observe)
    yield found
    log.removeObserver(observe)


def test_interface(reactor):
    assert verifyObject(IReactorThreads, reactor)


def test_call_from_thread_exactly_once_in_order_per_thread(reactor, run):
    threadsCount, calls = 8, 10_000
    received = {t: [] for t in range(threadsCount)}
    done = defer.Deferred()
    remaining = [threadsCount * calls]

    def record(t, i):
        received[t].append(i)
        remaining[0] -= 1
        if remaining[0] == 0:
            done.callback(None)

    def produce(t):
        for i in range(calls):
            reactor.callFromThread(record, t, i)

    workers = [threading.Thread(target=produce, args=(t,)) for t in range(threadsCount)]
    reactor.callWhenRunning(lambda: [w.start() for w in workers])
    run(lambda: done)
    for w in workers:
        w.join()
    assert all(received[t] == list(range(calls)) for t in range(threadsCount))


def test_call_in_thread_failures_are_logged_and_pool_survives(reactor, errors, run):
    done = defer.Deferred()

    def boom(i):
        raise KeyError(i)

    def finish():
        reactor.callFromThread(done.callback, threading.current_thread().name)

    reactor.suggestThreadPoolSize(1)  # one worker: finish runs after every boom
    for i in range(20):
        reactor.callInThread(boom, i)
    reactor.callInThread(finish)
    name = run(lambda: done)
    assert name.startswith("PoolThread-refreactor")
    assert sorted(f.value.args[0] for f in errors) == list(range(20))


def test_defer_to_thread_pool_result_and_failure(reactor, run):
    pool = reactor.getThreadPool()
    ok = threads.deferToThreadPool(reactor, pool, lambda a, b: a * b, 6, b=7)
    bad = threads.deferToThreadPool(reactor, pool, lambda: 1 / 0)
    bad.addErrback(lambda f: f.type)
    assert run(lambda: defer.gatherResults([ok, bad])) == [42, ZeroDivisionError]


def test_blocking_call_from_thread(reactor, run):
    def inReactor(x):
        d = defer.Deferred()
        reactor.callLater(0.01, d.callback, x + 1)
        return d

    def failing():
        raise ValueError("from the reactor")

    def worker():
        value = threads.blockingCallFromThread(reactor, inReactor, 41)
        try:
            threads.blockingCallFromThread(reactor, failing)
        except ValueError as e:
            return value, str(e)

    result = run(lambda: threads.deferToThreadPool(
        reactor, reactor.getThreadPool(), worker))
    assert result == (42, "from the reactor")


def test_pool_stops_at_shutdown_and_suggested_size(reactor, run):
    before = threading.active_count()
    reactor.suggestThreadPoolSize(3)
    pool = reactor.getThreadPool()
    assert pool.max == 3
    gate = threading.Barrier(4)
    done = defer.DeferredList([
        threads.deferToThreadPool(reactor, pool, gate.wait, 10) for _ in range(3)])
    reactor.callWhenRunning(lambda: reactor.callInThread(lambda: None))
    outsider = threading.Thread(target=gate.wait, args=(10,))
    reactor.callWhenRunning(outsider.start)
    run(lambda: done)
    outsider.join()
    assert reactor.threadpool is None and not pool.started
    assert threading.active_count() == before


def test_work_queued_before_run_waits_for_startup(reactor, run):
    ran = []
    reactor.suggestThreadPoolSize(1)  # one worker, so the two calls run in order
    reactor.callInThread(ran.append, 1)
    assert ran == [] and reactor.getThreadPool().workers == 0
    d = threads.deferToThreadPool(reactor, reactor.getThreadPool(), lambda: ran[:])
    assert run(lambda: d) == [1]


def test_the_reactor_registers_its_thread_as_the_io_thread(reactor, run):
    import threading

    from refreactor.python import threadable

    seen = []
    thread = threading.Thread(target=lambda: seen.append(threadable.isInIOThread()))

    def inLoop():
        seen.append(threadable.isInIOThread())
        thread.start()
        thread.join()

    run(inLoop)
    assert seen == [True, False]
