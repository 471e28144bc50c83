"""refreactor.python.threadpool: workers on demand, failures logged, clean stop."""

import threading

import pytest
from refreactor.python import log
from refreactor.python.threadpool import ThreadPool


@pytest.fixture
def errors():
    """The failures logged during the test."""
    found = []

    def observe(event):
        if event.get("isError"):
            found.append(event.get("failure"))

    log.addObserver(observe)
    yield found
    log.removeObserver(observe)


@pytest.fixture
def pool():
    """A started pool of at most 4 threads, stopped after the test."""
    p = ThreadPool(0, 4, "test")
    p.start()
    yield p
    p.stop()


def wait(event):
    assert event.wait(10), "timed out waiting for the pool"


def test_runs_work_in_other_threads(pool):
    done = threading.Event()
    seen = []

    def work(x):
        seen.append((x, threading.current_thread() is not threading.main_thread()))
        done.set()

    pool.callInThread(work, 7)
    wait(done)
    assert seen == [(7, True)]


def test_exception_is_logged_and_pool_keeps_working(pool, errors):
    done = threading.Event()

    def boom():
        raise ZeroDivisionError("deliberate")

    for _ in range(10):
        pool.callInThread(boom)
    pool.callInThread(done.set)
    wait(done)
    pool.stop()
    assert len(errors) == 10
    assert all(f.check(ZeroDivisionError) for f in errors)


def test_result_callback_gets_success_and_failure(pool, errors):
    results = []
    done = threading.Semaphore(0)

    def onResult(ok, value):
        results.append((ok, value if ok else value.type))
        done.release()

    pool.callInThreadWithCallback(onResult, lambda: 42)
    pool.callInThreadWithCallback(onResult, lambda: 1 / 0)
    assert done.acquire(timeout=10) and done.acquire(timeout=10)
    assert sorted(results, key=str) == sorted([(True, 42), (False, ZeroDivisionError)], key=str)
    assert errors == []


def test_failing_result_callback_is_logged(pool, errors):
    done = threading.Event()

    def onResult(ok, value):
        raise ValueError("callback broke")

    pool.callInThreadWithCallback(onResult, lambda: 1)
    pool.callInThread(done.set)
    wait(done)
    pool.stop()
    assert [f.type for f in errors] == [ValueError]


def test_never_more_threads_than_max(pool):
    release = threading.Event()
    started = threading.Semaphore(0)

    def block():
        started.release()
        release.wait(10)

    for _ in range(10):
        pool.callInThread(block)
    for _ in range(4):
        assert started.acquire(timeout=10)
    assert pool.workers == 4
    assert not started.acquire(timeout=0.2)
    release.set()


def test_work_queued_before_start_runs_after_start():
    p = ThreadPool(0, 2)
    done = threading.Event()
    p.callInThread(done.set)
    assert p.workers == 0 and not done.is_set()
    p.start()
    try:
        wait(done)
    finally:
        p.stop()


def test_stop_joins_every_worker_and_refuses_new_work():
    before = threading.active_count()
    p = ThreadPool(3, 5)
    p.start()
    assert p.workers == 3
    p.stop()
    assert p.workers == 0
    assert threading.active_count() == before
    p.callInThread(lambda: None)
    assert p.workers == 0


def test_adjust_poolsize_grows_and_shrinks(pool):
    pool.adjustPoolsize(minthreads=3)
    assert pool.workers == 3
    pool.adjustPoolsize(minthreads=1, maxthreads=1)
    for _ in range(100):
        if pool.workers == 1:
            break
        threading.Event().wait(0.05)
    assert pool.workers == 1


def test_invalid_sizes_are_refused():
    with pytest.raises(ValueError):
        ThreadPool(5, 2)
