"""Helpers for part-two reactor tests: a fresh reactor per test, run until a Deferred fires."""

from refreactor.internet._threading import ThreadsReactorMixin
from refreactor.internet.base import ReactorBase
from refreactor.internet.process import ProcessReactorMixin
from refreactor.python.failure import Failure


class PartTwoReactor(ProcessReactorMixin, ThreadsReactorMixin, ReactorBase):
    """The loop core with this part's mixins, as the full reactor class composes them."""


def runUntilFired(reactor, d, timeout=15):
    """Run ``reactor`` until ``d`` fires; return its result or raise its failure."""
    outcome = []

    def done(result):
        outcome.append(result)
        if not reactor._stopped:
            reactor.stop()

    d.addBoth(done)
    timer = reactor.callLater(timeout, lambda: d.called or d.errback(TimeoutError("timed out")))
    if not outcome:
        reactor.run(installSignalHandlers=False)
    if timer.active():
        timer.cancel()
    result = outcome[0]
    if isinstance(result, Failure):
        result.raiseException()
    return result
