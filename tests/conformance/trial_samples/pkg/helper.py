"""Not a test module (its name does not start with test_): trial leaves it alone."""

from twisted.trial import unittest


class NotCollected(unittest.TestCase):
    def test_hidden(self):
        self.fail("a package run must not collect helper.py")
