from twisted.trial import unittest


class Gamma(unittest.SynchronousTestCase):
    def test_deep(self):
        pass
