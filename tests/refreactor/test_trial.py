"""twisted.trial on refreactor: ``python -m refreactor.trial`` run on test modules written to a
scratch folder, as a user runs it (real processes, real TCP on 127.0.0.1)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from refreactor.trial import unittest, util


def trial(tmp_path: Path, source: str, *args: str, name: str = "test_sample"
          ) -> subprocess.CompletedProcess:
    """Write ``source`` as ``name``.py in ``tmp_path`` and run trial on it (or on ``args``)."""
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    return subprocess.run([sys.executable, "-m", "refreactor.trial", *(args or [name])],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_a_passing_run_prints_the_tree_and_exits_0(tmp_path):
    run = trial(tmp_path, """\
        from twisted.trial import unittest

        class Math(unittest.TestCase):
            def test_add(self):
                self.assertEqual(1 + 1, 2)
        """)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[:3] == ["test_sample", "  Math",
                         "    test_add ..." + " " * 59 + "[OK]"]
    assert len(lines[2]) == 79
    assert lines[-1] == "PASSED (successes=1)"
    assert lines[-3].startswith("Ran 1 tests in ") and lines[-3].endswith("s")
    assert (tmp_path / "_trial_temp" / "test.log").read_text().count("--> test_sample") == 1


def test_a_failure_exits_1_and_is_shown_in_full(tmp_path):
    run = trial(tmp_path, """\
        from twisted.trial import unittest

        class Math(unittest.TestCase):
            def test_wrong(self):
                self.assertEqual(2 + 2, 5)

            def test_right(self):
                pass
        """)
    assert run.returncode == 1
    assert "[FAIL]\nTraceback (most recent call last):\n" in run.stdout
    assert 'test_sample.py", line 5, in test_wrong' in run.stdout
    assert "twisted.trial.unittest.FailTest: 4 != 5\n\ntest_sample.Math.test_wrong\n" \
        in run.stdout
    assert run.stdout.endswith("FAILED (failures=1, successes=1)\n")


def test_the_text_reporter_prints_a_character_per_test(tmp_path):
    run = trial(tmp_path, """\
        from twisted.trial import unittest

        class Letters(unittest.SynchronousTestCase):
            def test_a(self): pass
            def test_b(self): raise ValueError()
            def test_c(self): self.fail("no")
            def test_d(self): raise unittest.SkipTest("later")
            def test_e(self): self.fail("expected")
            test_e.todo = "known"
            def test_f(self): pass
            test_f.todo = "known"
        """, "--reporter=text", "test_sample")
    assert run.stdout.startswith(".EFST!\n")
    assert run.stdout.endswith("FAILED (skips=1, expectedFailures=1, failures=1, errors=1, "
                               "unexpectedSuccesses=1, successes=1)\n")
    assert run.returncode == 1


def test_deferreds_of_fixtures_tests_and_cleanups_are_waited_for_in_order(tmp_path):
    run = trial(tmp_path, """\
        from twisted.internet import defer, reactor
        from twisted.trial import unittest

        events = []

        def later(what):
            d = defer.Deferred()
            reactor.callLater(0.02, lambda: (events.append(what), d.callback(None)))
            return d

        class Ordered(unittest.TestCase):
            def setUp(self):
                return later("setUp")

            def test_1(self):
                self.addCleanup(later, "cleanup added first")
                self.addCleanup(later, "cleanup added last")
                return later("test")

            def tearDown(self):
                return later("tearDown")

        class ThenChecked(unittest.TestCase):  # classes run by name: after Ordered
            def test_2(self):
                self.assertEqual(events, ["setUp", "test", "cleanup added last",
                                          "cleanup added first", "tearDown"])
        """)
    assert run.returncode == 0, run.stdout
    assert "PASSED (successes=2)" in run.stdout


def test_a_test_over_its_timeout_errs_and_the_next_test_still_runs(tmp_path):
    run = trial(tmp_path, """\
        from twisted.internet import defer
        from twisted.trial import unittest

        class Slow(unittest.TestCase):
            timeout = 0.3

            def test_hangs(self):
                return defer.Deferred()

            def test_next(self):
                pass
        """)
    assert "twisted.internet.defer.TimeoutError: <test_sample.Slow testMethod=test_hangs> " \
        "(test_hangs) still running at 0.3 secs" in run.stdout
    assert "FAILED (errors=1, successes=1)" in run.stdout


def test_the_default_timeout_is_120_seconds_and_attributes_are_found_on_the_parents():
    class Plain(unittest.TestCase):
        def test_a(self):
            pass

        def test_b(self):
            pass

        test_b.timeout = 5

    assert util.DEFAULT_TIMEOUT_DURATION == 120.0
    assert Plain("test_a").getTimeout() == 120.0
    assert Plain("test_b").getTimeout() == 5.0


def test_a_real_tcp_exchange_inside_a_test(tmp_path):
    run = trial(tmp_path, """\
        from twisted.internet import defer, protocol, reactor
        from twisted.protocols import amp
        from twisted.trial import unittest

        class Double(amp.Command):
            arguments = [(b"n", amp.Integer())]
            response = [(b"n", amp.Integer())]

        class Doubler(amp.AMP):
            @Double.responder
            def double(self, n):
                return {"n": 2 * n}

        class OverTCP(unittest.TestCase):
            @defer.inlineCallbacks
            def test_double(self):
                port = reactor.listenTCP(0, protocol.Factory.forProtocol(Doubler),
                                         interface="127.0.0.1")
                self.addCleanup(port.stopListening)
                client = yield protocol.ClientCreator(reactor, amp.AMP).connectTCP(
                    "127.0.0.1", port.getHost().port)
                result = yield client.callRemote(Double, n=21)
                self.assertEqual(result, {"n": 42})
                client.transport.loseConnection()

            def test_leaves_a_port(self):
                reactor.listenTCP(0, protocol.Factory(), interface="127.0.0.1")
        """)
    assert "    test_double ..." + " " * 56 + "[OK]\n" in run.stdout, run.stdout
    # As Twisted's: the test passed, then the after-class check finds the port.
    assert "    test_leaves_a_port ..." + " " * 49 + "[OK]\n" + " " * 45 + "[ERROR]\n" \
        in run.stdout
    assert "DirtyReactorAggregateError: Reactor was unclean.\nSelectables:\n" in run.stdout
    assert "FAILED (errors=1, successes=2)" in run.stdout


def test_logged_errors_fail_the_test_unless_flushed(tmp_path):
    run = trial(tmp_path, """\
        from twisted.python import log
        from twisted.trial import unittest

        class Logging(unittest.TestCase):
            def test_flushed(self):
                log.err(ZeroDivisionError("flushed"))
                self.assertEqual(len(self.flushLoggedErrors(ZeroDivisionError)), 1)

            def test_not_flushed(self):
                log.err(ZeroDivisionError("left"))
        """)
    assert "builtins.ZeroDivisionError: left\n\ntest_sample.Logging.test_not_flushed" \
        in run.stdout
    assert "FAILED (errors=1, successes=1)" in run.stdout


def test_skip_and_todo_at_module_class_and_method_level(tmp_path):
    run = trial(tmp_path, """\
        from twisted.trial import unittest

        skip = "the whole module"

        class Skipped(unittest.TestCase):
            def test_a(self):
                self.fail("never runs")
        """)
    assert "[SKIPPED]\nthe whole module\n\ntest_sample.Skipped.test_a" in run.stdout
    assert run.returncode == 0
    run = trial(tmp_path, """\
        from twisted.trial import unittest

        class Expected(unittest.TestCase):
            todo = (KeyError, "class todo")

            def test_right_error(self):
                raise KeyError("k")

            def test_wrong_error(self):
                raise ValueError("v")
        """, name="test_todo")
    assert "[TODO]\nReason: 'class todo'\n" in run.stdout
    assert "builtins.ValueError: v" in run.stdout
    assert "FAILED (expectedFailures=1, errors=1)" in run.stdout


def test_assert_methods_return_values_and_fail_with_twisted_messages():
    case = unittest.SynchronousTestCase()
    assert case.assertEqual(3, 3) == 3
    assert case.assertIn(1, [1]) == 1
    raised = case.assertRaises(KeyError, {}.__getitem__, "k")
    assert isinstance(raised, KeyError)
    with pytest.raises(unittest.FailTest, match="KeyError not raised \\(42 returned\\)"):
        case.assertRaises(KeyError, lambda: 42)
    with pytest.raises(unittest.FailTest, match="1 ~== 3"):
        case.assertApproximates(1, 3, 1)
    with pytest.raises(unittest.FailTest, match="'s' is not an instance of <class 'int'>"):
        case.assertIsInstance("s", int)
    with pytest.raises(unittest.FailTest, match="No warnings emitted"):
        case.assertWarns(DeprecationWarning, "m", __file__, lambda: None)


def test_deferred_result_assertions():
    from refreactor.internet import defer

    case = unittest.SynchronousTestCase()
    assert case.successResultOf(defer.succeed(7)) == 7
    assert case.failureResultOf(defer.fail(KeyError()), KeyError).check(KeyError)
    case.assertNoResult(defer.Deferred())
    with pytest.raises(unittest.FailTest, match="found no result instead"):
        case.successResultOf(defer.Deferred())
    with pytest.raises(unittest.FailTest, match="found success result \\(1\\) instead"):
        case.failureResultOf(defer.succeed(1))
    with pytest.raises(unittest.FailTest, match="No result expected"):
        case.assertNoResult(defer.succeed(1))


def test_a_name_that_loads_nothing_is_an_error_and_exit_1(tmp_path):
    run = subprocess.run([sys.executable, "-m", "refreactor.trial", "no_such_module"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stdout.startswith("no_such_module ..." + " " * 54 + "[ERROR]\n")
    assert "No module named 'no_such_module'" in run.stdout
    assert run.stdout.endswith("FAILED (errors=1)\n")


def test_bad_arguments_are_a_usage_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "refreactor.trial", "--reporter=nope", "x"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "invalid choice: 'nope'" in run.stderr


def test_the_standard_library_runner_runs_trial_tests_too(tmp_path):
    (tmp_path / "test_std.py").write_text(textwrap.dedent("""\
        import unittest as pyunit

        from refreactor.internet import defer, reactor
        from refreactor.trial import unittest


        class Mixed(unittest.TestCase):
            def test_waited(self):
                d = defer.Deferred()
                reactor.callLater(0.01, d.callback, None)
                return d

            def test_fails(self):
                self.assertEqual(1, 2)

            def test_todo(self):
                raise KeyError()

            test_todo.todo = "known"

        if __name__ == "__main__":
            pyunit.main()
        """))
    run = subprocess.run([sys.executable, "test_std.py", "-v"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert "\ntest_waited ... ok\n" in run.stderr, run.stderr
    assert "\ntest_todo ... expected failure\n" in run.stderr
    assert "FAILED (failures=1, expected failures=1)" in run.stderr
