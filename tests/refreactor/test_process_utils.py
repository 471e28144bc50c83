"""refreactor.internet.utils: a program's output or exit code as a Deferred."""

import sys

import pytest
from loophelp import PartTwoReactor, runUntilFired
from refreactor.internet import utils

PY = sys.executable


@pytest.fixture
def reactor():
    r = PartTwoReactor()
    yield r
    r.close()


def test_output(reactor):
    d = utils.getProcessOutput(PY, ["-c", "print('hello')"], reactor=reactor)
    assert runUntilFired(reactor, d) == b"hello\n"


def test_stderr_fails_unless_errortoo(reactor):
    code = "import sys; print('o', flush=True); sys.stderr.write('e')"
    failed = utils.getProcessOutput(PY, ["-c", code], reactor=reactor)
    failed.addErrback(lambda f: (f.type.__name__, str(f.value)))
    assert runUntilFired(reactor, failed) == ("_UnexpectedErrorOutput", "got stderr: b'e'")


def test_errortoo_collects_both(reactor):
    code = "import sys; print('o', flush=True); sys.stderr.write('e')"
    d = utils.getProcessOutput(PY, ["-c", code], reactor=reactor, errortoo=True)
    assert sorted(runUntilFired(reactor, d)) == sorted(b"o\ne")


def test_value_and_empty_environment(reactor):
    code = "import os, sys; sys.exit(4 if 'PATH' in os.environ else 3)"
    d = utils.getProcessValue(PY, ["-c", code], reactor=reactor)
    assert runUntilFired(reactor, d) == 3


def test_output_and_value(reactor):
    code = "import sys; print('o'); sys.stderr.write('e'); sys.exit(2)"
    d = utils.getProcessOutputAndValue(PY, ["-c", code], reactor=reactor)
    assert runUntilFired(reactor, d) == (b"o\n", b"e", 2)


def test_output_and_value_killed_by_signal(reactor):
    code = "import os; print('o', flush=True); os.kill(os.getpid(), 9)"
    d = utils.getProcessOutputAndValue(PY, ["-c", code], reactor=reactor)
    d.addErrback(lambda f: tuple(f.value))
    assert runUntilFired(reactor, d) == (b"o\n", b"", 9)
