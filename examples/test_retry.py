"""trial tests of retry.py: a fake clock, and the real reactor for one test."""

from retry import GaveUp, retry
from twisted.internet import defer, reactor, task
from twisted.trial import unittest


class Flaky:
    """An attempt that fails a given number of times, then returns "done"."""

    def __init__(self, failures, error=ConnectionError):
        self.failures = failures
        self.error = error
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            return defer.fail(self.error(f"failure {self.calls}"))
        return defer.succeed("done")


class RetryTests(unittest.TestCase):
    def setUp(self):
        self.clock = task.Clock()

    def test_success_needs_no_wait(self):
        d = retry(self.clock, Flaky(0))
        self.assertEqual(self.successResultOf(d), "done")

    def test_delays_double(self):
        attempt = Flaky(2)
        d = retry(self.clock, attempt, delay=1.0)
        self.assertEqual(attempt.calls, 1)
        self.clock.advance(1.0)
        self.assertEqual(attempt.calls, 2)
        self.clock.advance(1.9)
        self.assertNoResult(d)
        self.clock.advance(0.1)
        self.assertEqual(self.successResultOf(d), "done")

    def test_gives_up_after_the_last_try(self):
        d = retry(self.clock, Flaky(5), tries=3)
        self.clock.pump([1, 2])
        failure = self.failureResultOf(d, GaveUp)
        self.assertEqual(str(failure.value), "failure 3")

    def test_on_the_real_reactor(self):
        d = retry(reactor, Flaky(1), delay=0.01)
        d.addCallback(self.assertEqual, "done")
        return d

    def test_a_refusal_is_not_tried_again(self):
        d = retry(self.clock, Flaky(1, ConnectionRefusedError))
        self.failureResultOf(d, GaveUp)

    test_a_refusal_is_not_tried_again.todo = "retry tries any error again"
