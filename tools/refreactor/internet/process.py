"""IReactorProcess for the reference reactor (part two of the reactor work fills this in)."""


class ProcessReactorMixin:
    """Reactor methods for IReactorProcess; mixed into the reactor class."""
