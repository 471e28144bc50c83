"""refreactor.internet.utils: a program's output or exit code as a Deferred."""

import sys

from refreactor.internet import error, utils

PY = sys.executable



def test_output(reactor, run):
    d = utils.getProcessOutput(PY, ["-c", "print('hello')"], reactor=reactor)
    assert run(lambda: d) == b"hello\n"


def test_stderr_fails_unless_errortoo(reactor, run):
    code = "import sys; print('o', flush=True); sys.stderr.write('e')"
    failed = utils.getProcessOutput(PY, ["-c", code], reactor=reactor)

    def onStderr(f):
        # The program's end is reported on the exception's processEnded Deferred.
        return f.value.processEnded.addErrback(lambda end: (str(f.value), end.type))

    failed.addErrback(onStderr)
    assert run(lambda: failed) == ("got stderr: b'e'", error.ProcessDone)


def test_errortoo_collects_both(reactor, run):
    code = "import sys; print('o', flush=True); sys.stderr.write('e')"
    d = utils.getProcessOutput(PY, ["-c", code], reactor=reactor, errortoo=True)
    assert sorted(run(lambda: d)) == sorted(b"o\ne")


def test_value_and_empty_environment(reactor, run):
    code = "import os, sys; sys.exit(4 if 'PATH' in os.environ else 3)"
    d = utils.getProcessValue(PY, ["-c", code], reactor=reactor)
    assert run(lambda: d) == 3


def test_output_and_value(reactor, run):
    code = "import sys; print('o'); sys.stderr.write('e'); sys.exit(2)"
    d = utils.getProcessOutputAndValue(PY, ["-c", code], reactor=reactor)
    assert run(lambda: d) == (b"o\n", b"e", 2)


def test_output_and_value_killed_by_signal(reactor, run):
    code = "import os; print('o', flush=True); os.kill(os.getpid(), 9)"
    d = utils.getProcessOutputAndValue(PY, ["-c", code], reactor=reactor)
    d.addErrback(lambda f: tuple(f.value))
    assert run(lambda: d) == (b"o\n", b"", 9)
