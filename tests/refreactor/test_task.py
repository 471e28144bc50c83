"""task.Clock, LoopingCall and deferLater, on the fake clock and on a real reactor."""

import pytest
from refreactor.internet import defer, task


def test_clock_runs_due_calls_in_order():
    clock = task.Clock()
    seen = []
    clock.callLater(2, seen.append, "b")
    clock.callLater(1, seen.append, "a")
    clock.callLater(2, seen.append, "c")
    clock.callLater(1, lambda: clock.callLater(0, seen.append, "chained"))
    clock.advance(1)
    assert seen == ["a", "chained"]
    clock.pump([0.5, 0.5])
    assert seen == ["a", "chained", "b", "c"]
    assert clock.seconds() == 2 and clock.getDelayedCalls() == []


def test_looping_call_on_fixed_schedule_and_stop():
    clock = task.Clock()
    ticks = []
    loop = task.LoopingCall(lambda: ticks.append(clock.seconds()))
    loop.clock = clock
    stopped = []
    loop.start(1.0).addCallback(stopped.append)
    clock.pump([0.5, 0.5, 1.0, 1.5])
    assert ticks == [0.0, 1.0, 2.0, 3.5]  # The call due at 3 runs when time jumps to 3.5.
    loop.stop()
    assert stopped == [loop] and not loop.running
    with pytest.raises(AssertionError):
        loop.stop()


def test_looping_call_error_fails_its_deferred():
    clock = task.Clock()
    loop = task.LoopingCall(lambda: 1 / 0)
    loop.clock = clock
    failures = []
    loop.start(1).addErrback(failures.append)
    assert failures[0].check(ZeroDivisionError) and not loop.running


def test_looping_call_waits_for_returned_deferred():
    clock = task.Clock()
    pending = []
    loop = task.LoopingCall(lambda: pending.append(defer.Deferred()) or pending[-1])
    loop.clock = clock
    loop.start(1)
    clock.advance(5)
    assert len(pending) == 1
    pending[0].callback(None)
    clock.advance(1)
    assert len(pending) == 2
    loop.stop()
    pending[1].callback(None)


def test_defer_later_fires_and_cancels():
    clock = task.Clock()
    results = []
    task.deferLater(clock, 3, lambda x: x * 2, 21).addCallback(results.append)
    cancelled = task.deferLater(clock, 3, results.append, "never")
    cancelled.addErrback(lambda f: results.append(f.check(defer.CancelledError)))
    cancelled.cancel()
    clock.advance(3)
    assert results == [defer.CancelledError, 42]


def test_defer_later_on_real_reactor(reactor, run):
    assert run(task.deferLater, reactor, 0.01, lambda: "late") == "late"
