"""IReactorUDP and IReactorMulticast for the reference reactor (part two of the reactor work fills this in)."""


class UDPReactorMixin:
    """Reactor methods for IReactorUDP and IReactorMulticast; mixed into the reactor class."""
