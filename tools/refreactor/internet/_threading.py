"""IReactorThreads for the reference reactor: a thread pool tied to the reactor's lifetime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from refreactor.internet.interfaces import IReactorThreads
from refreactor.python.threadpool import ThreadPool


@implementer(IReactorThreads)
class ThreadsReactorMixin:
    """Reactor methods for IReactorThreads; mixed into the reactor class.

    The pool is made on first use, starts when the reactor runs (work queued earlier waits)
    and is stopped -- its workers joined -- during reactor shutdown.
    """

    threadpool: ThreadPool | None = None
    _threadpoolStartupID: Any = None
    _threadpoolShutdownID: Any = None

    def getThreadPool(self) -> ThreadPool:
        """Return the reactor's thread pool, creating it on first use."""
        if self.threadpool is None:
            self.threadpool = ThreadPool(0, 10, "refreactor")
            self._threadpoolStartupID = self.callWhenRunning(self.threadpool.start)
            self._threadpoolShutdownID = self.addSystemEventTrigger(
                "during", "shutdown", self._stopThreadPool
            )
        return self.threadpool

    def callInThread(self, callable: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``callable(*args, **kwargs)`` in the pool; an exception it raises is logged."""
        self.getThreadPool().callInThread(callable, *args, **kwargs)

    def suggestThreadPoolSize(self, size: int) -> None:
        """Let the pool grow to ``size`` threads."""
        pool = self.getThreadPool()
        pool.adjustPoolsize(minthreads=min(pool.min, size), maxthreads=size)

    def _stopThreadPool(self) -> None:
        """Stop the pool at shutdown, forgetting a startup trigger that never ran."""
        pool, self.threadpool = self.threadpool, None
        if self._threadpoolStartupID is not None and not pool.started:
            try:
                self.removeSystemEventTrigger(self._threadpoolStartupID)
            except ValueError:
                pass  # startup already ran it
        self._threadpoolStartupID = self._threadpoolShutdownID = None
        pool.stop()
