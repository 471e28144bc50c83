"""The old name of ``twisted.internet.testing``, kept because Twisted's examples import it."""

from refreactor.internet.testing import (
    AccumulatingProtocol,
    MemoryReactor,
    MemoryReactorClock,
    StringIOWithoutClosing,
    StringTransport,
    StringTransportWithDisconnection,
)

__all__ = [
    "AccumulatingProtocol",
    "MemoryReactor",
    "MemoryReactorClock",
    "StringIOWithoutClosing",
    "StringTransport",
    "StringTransportWithDisconnection",
]
