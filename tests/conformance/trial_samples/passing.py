"""Tests that all pass, for test_trial_output.py."""

from twisted.internet import task
from twisted.trial import unittest


class Clock(unittest.TestCase):
    def test_clock(self):
        clock = task.Clock()
        calls = []
        clock.callLater(5, calls.append, "fired")
        clock.advance(5)
        self.assertEqual(calls, ["fired"])

    def test_two(self):
        self.assertEqual(2, 1 + 1)


class Plain(unittest.SynchronousTestCase):
    def test_three(self):
        self.assertIn("b", "abc")
