"""Mapping a function over items in forked worker processes, results in order.

For short, CPU-bound runs such as ``lore extract`` (tens of milliseconds of work), forking is
the only parallelism that pays: the workers share the parent's loaded code and need no
start-up, and their results come back through a pipe as ``marshal`` data (plain tuples,
strings and numbers). Where fork is unavailable, unsafe (other threads are running) or not
worth it, the items are mapped in this process.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _can_fork() -> bool:
    """Fork only from a single-threaded process: a lock held by another thread would stay
    held in the child."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def _run_child(function: Callable, items: Sequence, write_end: int) -> None:
    """In the child: map, write the results, and leave without running any cleanup."""
    status = 1
    try:
        data = marshal.dumps([function(item) for item in items])
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        status = 0
    finally:
        os._exit(status)


def fork_map(function: Callable[[Item], Result], items: Sequence[Item],
             workers: int | None = None) -> list[Result]:
    """Return ``[function(item) for item in items]``, computed by up to ``workers`` processes.

    ``function`` must return marshal-able values. A worker that fails is redone here, so an
    exception surfaces in this process with its traceback.
    """
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers < 2 or not _can_fork():
        return [function(item) for item in items]
    shares = [list(range(start, len(items), workers)) for start in range(workers)]
    children = []
    for share in shares[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _run_child(function, [items[i] for i in share], write_end)
        os.close(write_end)
        children.append((pid, read_end, share))
    results: list = [None] * len(items)
    for index in shares[0]:
        results[index] = function(items[index])
    for pid, read_end, share in children:
        data = _read_all(read_end)
        _, status = os.waitpid(pid, 0)
        values = (marshal.loads(data) if status == 0 else
                  [function(items[i]) for i in share])
        for index, value in zip(share, values, strict=True):
            results[index] = value
    return results
