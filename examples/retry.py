"""Call a function returning a Deferred until it succeeds, waiting longer."""

from twisted.internet import defer, task


class GaveUp(Exception):
    """Every attempt failed; the last failure is the exception's argument."""


def retry(clock, attempt, tries=4, delay=1.0):
    """Call ``attempt()`` until its Deferred succeeds, at most ``tries`` times.

    After a failure, wait ``delay`` seconds on ``clock`` before the next call,
    then twice as long after the next failure, and so on. The Deferred returned
    fires with the first result, or fails with GaveUp once every try failed.
    """
    result = defer.Deferred()

    def call(triesLeft, wait):
        d = defer.maybeDeferred(attempt)
        d.addCallbacks(result.callback, failed, errbackArgs=(triesLeft, wait))

    def failed(reason, triesLeft, wait):
        if triesLeft == 1:
            result.errback(GaveUp(reason.value))
        else:
            task.deferLater(clock, wait, call, triesLeft - 1, wait * 2)

    call(tries, delay)
    return result
