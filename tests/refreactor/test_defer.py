"""Deferred, DeferredList, gatherResults, inlineCallbacks, coroutines, cancellation, Failure."""

import gc

import pytest
from refreactor.internet import defer
from refreactor.python import log
from refreactor.python.failure import Failure


def test_callbacks_errbacks_and_chaining():
    seen = []
    d = defer.Deferred()
    d.addCallback(lambda x: x + 1)
    d.addCallback(lambda x: 1 / 0)
    d.addCallback(seen.append)
    d.addErrback(lambda f: (seen.append(f.trap(ZeroDivisionError)), "recovered")[1])
    d.addBoth(seen.append)
    d.callback(1)
    assert seen == [ZeroDivisionError, "recovered"]
    with pytest.raises(defer.AlreadyCalledError):
        d.callback(2)


def test_returning_a_deferred_pauses_the_chain():
    inner = defer.Deferred()
    outer = defer.succeed(1)
    seen = []
    outer.addCallback(lambda _: inner)
    outer.addCallback(seen.append)
    assert seen == []
    inner.callback("inner result")
    assert seen == ["inner result"]
    assert inner.result is None


def test_cancel_with_and_without_canceller():
    plain = defer.Deferred()
    plain.cancel()
    with pytest.raises(defer.CancelledError):
        plain.result.raiseException()
    plain.addErrback(lambda f: None)
    plain.callback("late")  # Without a canceller, the operation's late result is ignored once.
    cancelled = []
    custom = defer.Deferred(lambda d: cancelled.append(d))
    custom.cancel()
    assert cancelled == [custom]
    custom.addErrback(lambda f: f.trap(defer.CancelledError))
    with pytest.raises(defer.AlreadyCalledError):
        custom.callback("late")


def test_cancel_reaches_the_deferred_being_waited_on():
    inner = defer.Deferred()
    outer = defer.succeed(None)
    outer.addCallback(lambda _: inner)
    outer.cancel()
    failures = []
    outer.addErrback(failures.append)
    assert failures[0].check(defer.CancelledError)


def test_deferred_list_and_gather_results():
    a, b, c = defer.Deferred(), defer.Deferred(), defer.Deferred()
    results = []
    defer.DeferredList([a, b, c], consumeErrors=True).addCallback(results.append)
    b.callback("b")
    c.errback(ValueError("c"))
    a.callback("a")
    (ok1, r1), (ok2, r2), (ok3, r3) = results[0]
    assert (ok1, r1, ok2, r2, ok3) == (True, "a", True, "b", False)
    assert r3.check(ValueError)
    assert defer.DeferredList([]).result == []
    gathered = []
    defer.gatherResults([defer.succeed(1), defer.succeed(2)]).addCallback(gathered.append)
    assert gathered == [[1, 2]]
    firstError = []
    defer.gatherResults([defer.succeed(1), defer.fail(KeyError("k"))],
                        consumeErrors=True).addErrback(firstError.append)
    assert firstError[0].value.index == 1
    assert firstError[0].value.subFailure.check(KeyError)


def test_fire_on_one_callback():
    a, b = defer.Deferred(), defer.Deferred()
    results = []
    defer.DeferredList([a, b], fireOnOneCallback=True).addCallback(results.append)
    b.callback("first")
    a.callback("second")
    assert results == [("first", 1)]


def test_inline_callbacks_and_coroutines():
    waited = defer.Deferred()

    @defer.inlineCallbacks
    def gen():
        x = yield defer.succeed(1)
        try:
            yield defer.fail(ValueError("boom"))
        except ValueError:
            x += 1
        y = yield waited
        defer.returnValue(x + y)

    results = []
    gen().addCallback(results.append)
    assert results == []
    waited.callback(40)
    assert results == [42]

    async def coro():
        value = await defer.succeed(5)
        return value * 2

    defer.ensureDeferred(coro()).addCallback(results.append)
    defer.Deferred.fromCoroutine(coro()).addCallback(results.append)
    assert results[1:] == [10, 10]


def test_inline_callbacks_loop_does_not_recurse():
    @defer.inlineCallbacks
    def many():
        total = 0
        for i in range(5000):
            total += yield defer.succeed(i)
        return total

    results = []
    many().addCallback(results.append)
    assert results == [sum(range(5000))]


def test_maybe_deferred_and_timeout():
    from refreactor.internet.task import Clock

    assert defer.maybeDeferred(lambda: 3).result == 3
    failed = defer.maybeDeferred(lambda: 1 / 0)
    failures = []
    failed.addErrback(failures.append)
    assert failures[0].check(ZeroDivisionError)
    clock = Clock()
    slow = defer.Deferred().addTimeout(2, clock)
    clock.advance(2)
    timeouts = []
    slow.addErrback(timeouts.append)
    assert timeouts[0].check(defer.TimeoutError)


def test_unhandled_failure_is_logged_on_garbage_collection():
    logged = []
    log.addObserver(logged.append)
    try:
        d = defer.fail(RuntimeError("nobody handles me"))
        del d
        gc.collect()
    finally:
        log.removeObserver(logged.append)
    # As Twisted logs it: the words, then the failure as an event of its own.
    assert [log.textFromEventDict(e).splitlines()[0] for e in logged] == [
        "Unhandled error in Deferred:", "Unhandled Error"]
    assert "failure" not in logged[0]
    assert logged[1]["failure"].type is RuntimeError


def test_failure_check_trap_message():
    try:
        {}["missing"]
    except KeyError:
        f = Failure()
    assert f.check(ValueError, LookupError) is LookupError
    assert f.check("builtins.KeyError") == "builtins.KeyError"
    assert f.getErrorMessage() == "'missing'"
    with pytest.raises(KeyError):
        f.trap(ValueError)
    assert "KeyError" in f.getTraceback()
    f.cleanFailure()
    assert "KeyError" in f.getTraceback() and f.tb is None


def test_long_chains_of_waiting_deferreds_need_no_recursion():
    deferreds = [defer.Deferred() for _ in range(20_000)]
    for outer, inner in zip(deferreds[:-1], deferreds[1:], strict=True):
        outer.addCallback(lambda _, inner=inner: inner)
    results = []
    deferreds[0].addBoth(results.append)
    for d in deferreds[:-1]:
        d.callback(None)
    deferreds[-1].callback("end")
    assert results == ["end"]
    assert all(d.result is None for d in deferreds[1:])
