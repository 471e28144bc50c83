"""``python -m refreactor.trial [--reporter=verbose|text] NAME ...``: run tests as trial does.

NAME is a module, a package (its ``test_*`` modules), ``module.Class``,
``module.Class.test_method`` or a file path. The tests run in ``_trial_temp`` (made anew),
their log goes to ``_trial_temp/test.log``, and ``twisted.*`` imports map onto refreactor.
The exit status is 0 when no test failed or erred, else 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from refreactor import __main__ as aliasing
from refreactor.python import log
from refreactor.trial import reporter, runner


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m refreactor.trial",
        description="Run unit tests written with twisted.trial on refreactor.")
    parser.add_argument("--reporter", default="verbose", choices=sorted(reporter.REPORTERS),
                        help="verbose (the default: a tree of tests) or text (a character "
                             "per test)")
    parser.add_argument("-l", "--logfile", default="test.log",
                        help="the log file, inside _trial_temp (default test.log)")
    parser.add_argument("names", nargs="+", metavar="NAME",
                        help="a module, package, module.Class[.method] or file path")
    return parser


def main(argv: list[str]) -> int:
    """Run the tests ``argv`` names; the exit status."""
    options = _parser().parse_args(argv)
    aliasing.install()
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    names = [os.path.abspath(n) if os.path.exists(n) and (os.sep in n or n.endswith(".py"))
             else n for n in options.names]
    runner.prepareWorkingDirectory()
    with open(options.logfile, "a", encoding="utf-8") as logFile:
        log.startLogging(logFile, setStdout=False)
        result = reporter.REPORTERS[options.reporter](sys.stdout)
        passed = runner.run(names, result)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
