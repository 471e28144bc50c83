from twisted.trial import unittest


class Alpha(unittest.TestCase):
    def test_one(self):
        pass

    def test_two(self):
        self.fail("two")


class Beta(unittest.TestCase):
    def test_three(self):
        pass
