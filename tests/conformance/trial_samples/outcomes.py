"""Every outcome trial reports, for test_trial_output.py: run by both trials, never by pytest."""

import warnings

from twisted.internet import defer, reactor
from twisted.python import log
from twisted.trial import unittest


class Boom(Exception):
    flag = "original"


def later(value, delay=0.01):
    d = defer.Deferred()
    reactor.callLater(delay, d.callback, value)
    return d


class Outcomes(unittest.TestCase):
    def test_ok(self):
        self.assertEqual(1, 1)

    def test_fail(self):
        self.assertEqual([1, 2], [1, 3])

    def test_error(self):
        raise Boom("boom")

    def test_skip(self):
        raise unittest.SkipTest("not now")

    def test_todo(self):
        self.fail("expected to fail")

    test_todo.todo = "not done yet"

    def test_todo_with_types(self):
        raise Boom("the right kind")

    test_todo_with_types.todo = (Boom, "typed")

    def test_todo_wrong_type(self):
        raise KeyError("the wrong kind")

    test_todo_wrong_type.todo = (Boom, "typed")

    def test_unexpected_success(self):
        pass

    test_unexpected_success.todo = "should fail"

    def test_deferred(self):
        return later(5).addCallback(self.assertEqual, 5)

    def test_deferred_fails(self):
        return later(5).addCallback(self.assertEqual, 6)

    def test_timeout(self):
        return defer.Deferred()

    test_timeout.timeout = 0.2

    def test_logged_error(self):
        log.err(Boom("logged and not flushed"))

    def test_logged_error_flushed(self):
        log.err(Boom("logged"))
        self.assertEqual(len(self.flushLoggedErrors(Boom)), 1)

    def test_pending_call(self):
        reactor.callLater(100, lambda: None)

    def test_assert_failure(self):
        return self.assertFailure(defer.fail(Boom("x")), Boom)

    def test_assert_failure_wrong(self):
        return self.assertFailure(defer.succeed(1), Boom)

    def test_results_of(self):
        self.assertEqual(self.successResultOf(defer.succeed(3)), 3)
        self.assertTrue(self.failureResultOf(defer.fail(Boom()), Boom).check(Boom))
        self.assertNoResult(defer.Deferred())

    def test_success_result_of_nothing(self):
        self.successResultOf(defer.Deferred())

    def test_assert_raises(self):
        exc = self.assertRaises(Boom, self._raise, "kept")
        self.assertEqual(exc.args, ("kept",))
        with self.assertRaises(KeyError):
            {}["k"]

    def test_assert_raises_nothing(self):
        self.assertRaises(Boom, lambda: 42)

    def _raise(self, message):
        raise Boom(message)

    def test_assertions(self):
        self.assertIn(1, [1])
        self.assertNotIn(2, [1])
        self.assertIsInstance(1, int)
        self.assertApproximates(1.0, 1.05, 0.1)
        self.assertIdentical(None, None)
        self.failUnless(True)  # noqa: UP005 - Twisted's aliases are tested
        self.failIf(False)  # noqa: UP005
        self.assertEquals(self.assertEqual(2, 2), 2)  # noqa: UP005
        self.assertSubstring("ell", "hello")

    def test_assert_in_fails(self):
        self.assertIn(3, [1, 2])

    def test_is_instance_fails(self):
        self.assertIsInstance("s", int)

    def test_approximates_fails(self):
        self.assertApproximates(1.0, 2.0, 0.5)

    def test_warns(self):
        def warn():
            warnings.warn("careful", DeprecationWarning, stacklevel=1)
            return 7
        self.assertEqual(self.assertWarns(DeprecationWarning, "careful", __file__, warn), 7)

    def test_patch(self):
        self.patch(Boom, "flag", "patched")
        self.assertEqual(Boom.flag, "patched")
        self.addCleanup(lambda: self.assertEqual(Boom.flag, "patched"))

    def test_patch_restored(self):
        self.assertEqual(Boom.flag, "original")

    def test_patch_missing(self):
        self.patch(Boom, "nothing", "there")

    def test_cleanup_deferred(self):
        self.order = []
        self.addCleanup(self.order.append, "first added, last run")
        self.addCleanup(lambda: later(None).addCallback(lambda _: self.order.append("d")))
        self.addCleanup(self.assertEqual, self.order, ["d", "first added, last run"])

    def test_cleanup_fails(self):
        self.addCleanup(lambda: defer.fail(Boom("in a cleanup")))


class BrokenSetUp(unittest.TestCase):
    def setUp(self):
        raise Boom("in setUp")

    def test_never_runs(self):
        pass


class BrokenTearDown(unittest.TestCase):
    def tearDown(self):
        return defer.fail(Boom("in tearDown"))

    def test_runs(self):
        pass


class SkippedInSetUp(unittest.TestCase):
    def setUp(self):
        raise unittest.SkipTest("no network here")

    def test_a(self):
        pass


class SkippedClass(unittest.SynchronousTestCase):
    skip = "the whole class"

    def test_a(self):
        pass

    def test_b(self):
        pass


class TodoClass(unittest.SynchronousTestCase):
    todo = "the whole class"

    def test_fails(self):
        self.fail("as the class expects")


class Synchronous(unittest.SynchronousTestCase):
    def test_ok(self):
        self.assertTrue(True)

    def test_method_skip(self):
        pass

    test_method_skip.skip = "method-level skip"

    def test_fail(self):
        self.assertNotEqual(1, 1)

    def test_logged(self):
        log.err(Boom("synchronous log"))
