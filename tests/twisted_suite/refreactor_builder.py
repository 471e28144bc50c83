"""The reactor factory ``ReactorBuilder`` calls for refreactor: a fresh reactor per test."""

from typing import Any


def RefReactor(testCase: Any) -> Any:  # noqa: N802 - ReactorBuilder names classes after it
    """A new refreactor reactor, closed (epoll and waker released) when the test ends."""
    from refreactor.internet.epollreactor import EPollReactor

    reactor = EPollReactor()
    # ReactorBuilder's cleanup calls this private hook of Twisted's reactors; refreactor has
    # no process-reaping handler to take down between tests.
    reactor._uninstallHandler = lambda: None
    testCase.addCleanup(reactor.close)
    return reactor
