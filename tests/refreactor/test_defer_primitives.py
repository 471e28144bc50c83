"""DeferredLock, DeferredSemaphore, DeferredQueue and the Cooperator on refreactor."""

import pytest
from refreactor.internet import defer, task
from refreactor.internet.defer import (
    CancelledError,
    Deferred,
    DeferredLock,
    DeferredQueue,
    DeferredSemaphore,
    QueueOverflow,
    QueueUnderflow,
)


def results(d):
    out = []
    d.addBoth(out.append)
    return out


def test_lock_hands_itself_to_waiters_in_order():
    lock = DeferredLock()
    first, second, third = lock.acquire(), lock.acquire(), lock.acquire()
    assert results(first) == [lock] and lock.locked
    order = []
    second.addCallback(lambda _: order.append("second"))
    third.addCallback(lambda _: order.append("third"))
    lock.release()
    assert order == ["second"]
    lock.release()
    lock.release()
    assert order == ["second", "third"] and not lock.locked
    with pytest.raises(AssertionError):
        lock.release()


def test_cancelled_acquire_leaves_the_queue():
    lock = DeferredLock()
    lock.acquire()
    waiting = lock.acquire()
    outcome = results(waiting)
    waiting.cancel()
    assert outcome[0].check(CancelledError) and lock.waiting == []
    lock.release()
    assert not lock.locked


def test_lock_run_serialises_deferred_work_and_releases_on_failure():
    lock = DeferredLock()
    gate = Deferred()
    first = results(lock.run(lambda: gate))
    second = results(lock.run(lambda x: x * 2, 21))
    assert first == [] and second == [] and lock.locked
    gate.callback("one")
    assert first == ["one"] and second == [42] and not lock.locked
    failed = results(lock.run(lambda: 1 / 0))
    assert failed[0].check(ZeroDivisionError) and not lock.locked


def test_semaphore_admits_tokens_at_once():
    semaphore = DeferredSemaphore(2)
    a, b, c = semaphore.acquire(), semaphore.acquire(), semaphore.acquire()
    assert results(a) == [semaphore] and results(b) == [semaphore]
    waiting = results(c)
    assert waiting == [] and semaphore.tokens == 0
    semaphore.release()
    assert waiting == [semaphore] and semaphore.tokens == 0
    semaphore.release()
    semaphore.release()
    assert semaphore.tokens == 2
    with pytest.raises(AssertionError):
        semaphore.release()
    with pytest.raises(ValueError):
        DeferredSemaphore(0)


def test_semaphore_run_limits_concurrency():
    semaphore = DeferredSemaphore(2)
    gates = [Deferred() for _ in range(4)]
    running = []

    def job(n):
        running.append(n)
        return gates[n]

    done = [results(semaphore.run(job, n)) for n in range(4)]
    assert running == [0, 1]
    gates[1].callback("b")
    assert running == [0, 1, 2] and done[1] == ["b"]
    gates[0].callback("a")
    gates[2].callback("c")
    gates[3].callback("d")
    assert [d[0] for d in done] == ["a", "b", "c", "d"] and semaphore.tokens == 2


def test_queue_gets_and_puts_and_bounds():
    queue = DeferredQueue(size=2, backlog=1)
    waiting = results(queue.get())
    with pytest.raises(QueueUnderflow):
        queue.get()
    queue.put("first")
    assert waiting == ["first"]
    queue.put("a")
    queue.put("b")
    with pytest.raises(QueueOverflow):
        queue.put("c")
    assert results(queue.get()) == ["a"] and queue.pending == ["b"]
    queue.get()
    cancelled = queue.get()
    outcome = results(cancelled)
    cancelled.cancel()
    assert outcome[0].check(CancelledError) and queue.waiting == []


class Turns:
    """A scheduler whose turns run only when the test says so."""

    def __init__(self):
        self.pending = []

    def __call__(self, call):
        self.pending.append(call)
        return _Scheduled(self.pending, call)

    def run(self, turns=1):
        for _ in range(turns):
            due, self.pending[:] = list(self.pending), []
            for call in due:
                call()


class _Scheduled:
    def __init__(self, pending, call):
        self.pending, self.call = pending, call

    def cancel(self):
        self.pending.remove(self.call)


def _stepCooperator(turns):
    """A Cooperator that runs one task step per turn of ``turns``."""
    return task.Cooperator(terminationPredicateFactory=lambda: lambda: True, scheduler=turns)


def test_cooperator_interleaves_tasks_and_waits_for_yielded_deferreds():
    turns = Turns()
    cooperator = _stepCooperator(turns)
    log = []
    gate = Deferred()

    def worker(name, count, waitOn=None):
        for n in range(count):
            log.append(f"{name}{n}")
            if n == 0 and waitOn is not None:
                yield waitOn
            yield None

    aIterator = worker("a", 3)
    aDone = results(cooperator.coiterate(aIterator))
    bTask = cooperator.cooperate(worker("b", 3, gate))
    bDone = results(bTask.whenDone())
    turns.run(6)
    assert log == ["a0", "b0", "a1", "a2"] and aDone == [aIterator]
    gate.callback(None)
    turns.run(6)
    assert log[-2:] == ["b1", "b2"] and len(bDone) == 1
    with pytest.raises(task.TaskDone):
        bTask.pause()


def test_task_pause_resume_stop_and_failure():
    turns = Turns()
    cooperator = _stepCooperator(turns)
    steps = []

    def counting():
        while True:
            steps.append(len(steps))
            yield

    paused = cooperator.cooperate(counting())
    paused.pause()
    turns.run()
    assert steps == [] and turns.pending == []
    paused.resume()
    with pytest.raises(task.NotPaused):
        paused.resume()
    turns.run()
    assert steps == [0]
    stopped = results(paused.whenDone())
    paused.stop()
    assert stopped[0].check(task.TaskStopped)
    with pytest.raises(task.TaskStopped):
        paused.stop()

    def failing():
        yield
        raise KeyError("broken")

    failed = results(cooperator.coiterate(failing()))
    turns.run(3)
    assert failed[0].check(KeyError)
    cooperator.stop()
    late = results(cooperator.coiterate(iter([1])))
    assert late[0].check(task.SchedulerStopped) and not cooperator.running


def test_coiterate_on_the_real_reactor(reactor, run):
    cooperator = task.Cooperator(scheduler=lambda call: reactor.callLater(0, call))
    seen = []

    def numbers():
        for n in range(1000):
            seen.append(n)
            if n == 500:
                yield defer.succeed(None)
            yield None

    run(lambda: cooperator.coiterate(numbers()))
    assert seen == list(range(1000))
