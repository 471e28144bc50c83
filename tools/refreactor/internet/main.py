"""Installing the reactor, mirroring ``twisted.internet.main``."""

import sys
from typing import Any

from refreactor.internet import error


def installReactor(reactor: Any) -> None:
    """Make ``reactor`` the one ``refreactor.internet.reactor`` imports give."""
    if "refreactor.internet.reactor" in sys.modules:
        raise error.ReactorAlreadyInstalledError("reactor already installed")
    import refreactor.internet

    sys.modules["refreactor.internet.reactor"] = reactor
    refreactor.internet.reactor = reactor  # type: ignore[attr-defined]


__all__ = ["installReactor"]
