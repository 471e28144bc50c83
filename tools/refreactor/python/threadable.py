"""Which thread is the reactor's, mirroring ``twisted.python.threadable``.

The reactor registers the thread it runs in; ``isInIOThread`` then tells code whether it runs
there (and so may touch the reactor directly) or must go through ``callFromThread``.
"""

import threading

ioThread: int | None = None


def getThreadID() -> int:
    """The current thread's identifier."""
    return threading.get_ident()


def registerAsIOThread() -> None:
    """Mark the current thread as the one the reactor runs in."""
    global ioThread
    ioThread = getThreadID()


def isInIOThread() -> bool:
    """Whether the current thread is the reactor's."""
    return ioThread == getThreadID()


__all__ = ["getThreadID", "isInIOThread", "registerAsIOThread"]
