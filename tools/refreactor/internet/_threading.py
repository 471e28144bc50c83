"""IReactorThreads for the reference reactor (part two of the reactor work fills this in)."""


class ThreadsReactorMixin:
    """Reactor methods for IReactorThreads; mixed into the reactor class."""
