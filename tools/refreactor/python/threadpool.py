"""A pool of worker threads running callables handed to it from any thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from refreactor.python import log
from refreactor.python.failure import Failure

# A queued unit of work: (onResult or None, callable, args, kwargs); None tells a worker to exit.
_Work = tuple[Callable[[bool, Any], object] | None, Callable[..., Any], tuple, dict]


class ThreadPool:
    """Runs callables in between ``min`` and ``max`` worker threads, started on demand.

    Work queued before ``start()`` waits and runs once the pool starts. An exception raised by
    the work (or by its result callback) is logged and the worker goes on with the next item.
    """

    min = 5
    max = 20
    started = False
    joined = False
    name: str | None = None

    def __init__(self, minthreads: int = 5, maxthreads: int = 20, name: str | None = None):
        """Create a stopped pool of at least ``minthreads`` and at most ``maxthreads`` threads."""
        if minthreads < 0 or maxthreads < minthreads:
            raise ValueError(f"need 0 <= minthreads <= maxthreads, got {minthreads}, {maxthreads}")
        self.min = minthreads
        self.max = maxthreads
        self.name = name
        self.threads: list[threading.Thread] = []
        self._queue: queue.SimpleQueue[_Work | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._queued = 0
        self._quitting = 0
        self._serial = 0

    @property
    def workers(self) -> int:
        """The number of worker threads alive."""
        return len(self.threads)

    def start(self) -> None:
        """Start the pool: ``min`` workers, plus enough for the work already queued."""
        self.joined = False
        self.started = True
        self.adjustPoolsize()

    def callInThread(self, func: Callable[..., Any], *args: Any, **kw: Any) -> None:
        """Run ``func(*args, **kw)`` in a worker thread; an exception it raises is logged."""
        self.callInThreadWithCallback(None, func, *args, **kw)

    def callInThreadWithCallback(
        self,
        onResult: Callable[[bool, Any], object] | None,
        func: Callable[..., Any],
        *args: Any,
        **kw: Any,
    ) -> None:
        """Run ``func`` in a worker, then ``onResult(True, result)`` or ``(False, Failure)``."""
        if self.joined:
            return
        with self._lock:
            self._queued += 1
            self._queue.put((onResult, func, args, kw))
            if self.started and self._idle < self._queued:
                self._grow(1)

    def adjustPoolsize(self, minthreads: int | None = None, maxthreads: int | None = None) -> None:
        """Change the bounds, starting or retiring workers to respect them."""
        self.min = self.min if minthreads is None else minthreads
        self.max = self.max if maxthreads is None else maxthreads
        if self.min < 0 or self.max < self.min:
            raise ValueError(f"need 0 <= minthreads <= maxthreads, got {self.min}, {self.max}")
        if not self.started:
            return
        with self._lock:
            alive = len(self.threads) - self._quitting
            if alive > self.max:
                self._retire(alive - self.max)
            else:
                self._grow(max(self.min - alive, self._queued - self._idle))

    def stop(self) -> None:
        """Stop accepting work, let each worker finish what it does, and join them."""
        self.joined = True
        self.started = False
        with self._lock:
            threads = list(self.threads)
            self._retire(len(threads) - self._quitting)
        current = threading.current_thread()
        for thread in threads:
            if thread is not current:
                thread.join()

    def dumpStats(self) -> None:
        """Log the pool's queue length and worker counts."""
        log.msg(f"queue: {self._queued} waiting, {self._idle} idle, {len(self.threads)} workers")

    def _grow(self, count: int) -> None:
        """Start up to ``count`` workers within ``max``; the caller holds the lock."""
        room = self.max - (len(self.threads) - self._quitting)
        for _ in range(max(0, min(count, room))):
            self._serial += 1
            name = f"PoolThread-{self.name or id(self)}-{self._serial}"
            thread = threading.Thread(target=self._work, name=name)
            self.threads.append(thread)
            thread.start()

    def _retire(self, count: int) -> None:
        """Ask ``count`` workers to exit once they reach the sentinel; the caller holds the lock."""
        for _ in range(count):
            self._quitting += 1
            self._queue.put(None)

    def _work(self) -> None:
        """A worker's loop: take work until a sentinel arrives."""
        lock, get = self._lock, self._queue.get
        while True:
            with lock:
                self._idle += 1
            item = get()
            with lock:
                self._idle -= 1
                if item is None:
                    self._quitting -= 1
                    self.threads.remove(threading.current_thread())
                    return
                self._queued -= 1
            _run(*item)


def _run(
    onResult: Callable[[bool, Any], object] | None, func: Callable[..., Any], args: tuple, kw: dict
) -> None:
    """Run one unit of work, reporting its outcome to ``onResult`` or logging its failure."""
    try:
        result, ok = func(*args, **kw), True
    except BaseException:
        result, ok = Failure(), False
    if onResult is None:
        if not ok:
            log.err(result, "Unhandled error in a thread pool worker")
        return
    try:
        onResult(ok, result)
    except BaseException:
        log.err(Failure(), "Unhandled error in a thread pool result callback")
