"""Run one of Twisted's reactor test modules against one reactor; write each test's outcome.

``python run_twisted_module.py REACTOR MODULE OUT.json``, REACTOR being ``refreactor`` or
``epoll`` (Twisted's EPollReactor). Twisted's ``ReactorBuilder`` makes one test class per
reactor it lists, so the list is set to the one reactor under test before MODULE is imported.
For refreactor, the identity bridge (``twisted_bridge``) is installed first. A separate process
per reactor keeps the two apart.
"""

import json
import sys
import tempfile
from typing import Any

REACTORS = {
    "refreactor": "refreactor_builder.RefReactor",
    "epoll": "twisted.internet.epollreactor.EPollReactor",
}
# A test waiting on a reactor that never stops gives up after this many seconds (trial's own
# default is 120); the same on both reactors.
REACTOR_TIMEOUT = 15


def _outcomeRecorder() -> Any:
    from twisted.trial.reporter import Reporter

    class OutcomeRecorder(Reporter):
        """Trial's plain reporter that also keeps every test's outcome and first error line."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self.outcomes: list[dict[str, str]] = []

        def _record(self, test: Any, outcome: str, detail: str = "") -> None:
            self.outcomes.append({"id": test.id(), "outcome": outcome, "detail": detail})

        def addSuccess(self, test: Any) -> None:
            super().addSuccess(test)
            self._record(test, "pass")

        def addFailure(self, test: Any, fail: Any) -> None:
            super().addFailure(test, fail)
            self._record(test, "fail", _describe(fail))

        def addError(self, test: Any, error: Any) -> None:
            super().addError(test, error)
            self._record(test, "error", _describe(error))

        def addSkip(self, test: Any, reason: Any) -> None:
            super().addSkip(test, reason)
            self._record(test, "skip", str(reason))

        def addExpectedFailure(self, test: Any, error: Any, todo: Any = None) -> None:
            super().addExpectedFailure(test, error, todo)
            self._record(test, "pass", "expected failure (todo)")

        def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:
            super().addUnexpectedSuccess(test, todo)
            self._record(test, "fail", "unexpected success (todo)")

    return OutcomeRecorder


def _describe(problem: Any) -> str:
    from twisted.python.failure import Failure

    if isinstance(problem, tuple):
        problem = Failure(problem[1], problem[0], problem[2])
    return problem.getTraceback()[-4000:]


def _generatedTests(suite: Any, factoryName: str) -> Any:
    """Only the tests ReactorBuilder generated for the reactor: the rest test Twisted itself."""
    from twisted.trial.runner import _iterateTests
    from twisted.trial.unittest import TestSuite

    suffix = "_" + factoryName.rsplit(".", 1)[-1] + "Tests"
    return TestSuite([t for t in _iterateTests(suite) if type(t).__name__.endswith(suffix)])


def main(reactorName: str, moduleName: str, outPath: str) -> None:
    """Run ``moduleName``'s tests on ``reactorName`` and write their outcomes to ``outPath``."""
    if reactorName == "refreactor":
        import twisted_bridge

        twisted_bridge.install()
    from twisted.internet.test import reactormixins

    reactormixins.ReactorBuilder._reactors = [REACTORS[reactorName]]
    reactormixins.DEFAULT_TIMEOUT_DURATION = REACTOR_TIMEOUT
    from twisted.trial.runner import TestLoader, TrialRunner

    suite = _generatedTests(TestLoader().loadByNames([moduleName]), REACTORS[reactorName])
    with tempfile.TemporaryDirectory() as workdir, open("/dev/null", "w") as quiet:
        runner = TrialRunner(_outcomeRecorder(), stream=quiet,
                             workingDirectory=f"{workdir}/_trial_temp")
        result = runner.run(suite)
    with open(outPath, "w") as out:
        json.dump(result.outcomes, out, indent=0)


if __name__ == "__main__":
    main(*sys.argv[1:])
