"""Starting an application on the reactor, as the twistd runner does."""

from __future__ import annotations

from typing import Any

from refreactor.application import service
from refreactor.persisted import sob


def startApplication(application: Any, save: bool) -> None:
    """Start the application's services now; stop them at shutdown, then save if asked.

    With ``save``, the application is pickled to ``NAME-shutdown.tap`` after shutdown.
    """
    from refreactor.internet import reactor

    root = service.IService(application)
    root.startService()
    if save:
        reactor.addSystemEventTrigger("after", "shutdown", sob.IPersistable(application).save,
                                      "shutdown")
    reactor.addSystemEventTrigger("before", "shutdown", root.stopService)
