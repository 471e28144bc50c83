"""Class identity between refreactor and Twisted, for running Twisted's tests on refreactor.

Twisted's tests recognise outcomes by class: ``reason.check(error.ConnectionDone)``,
``IReactorTCP.providedBy(reactor)``, ``isinstance(addr, IPv4Address)``. refreactor has its own
copies of those value classes, so a correct refreactor would fail such checks. ``install``,
called in the test process before refreactor is first imported, makes refreactor's value
classes *be* Twisted's: each class below, in each module below, is replaced by Twisted's class
of the same name, before any other refreactor module imports it (and so is each entry of a
module's tables of those classes, such as errno -> exception class). refreactor's functions
stay (``error.getConnectError`` builds Twisted's classes after the swap), and so does every
line of behaviour: the reactor, the transports, Deferreds, processes, threads, logging.

Swapped, and only where Twisted has a class of the same name:

- ``refreactor.internet.interfaces``: the interface objects, so that what refreactor declares
  (and only that) is declared with Twisted's interfaces, and adaptation to an interface a
  Twisted protocol declares (``IHalfCloseableProtocol``) works; and ``_Binding``, the value
  ``makeBinding`` returns, so a binding Twisted's ``makeBinding`` made is one refreactor reads;
- ``refreactor.internet.error``: the exception classes;
- ``refreactor.internet.defer``: its exception classes only (``CancelledError``, ...);
- ``refreactor.internet.address``: the address classes;
- ``refreactor.python.failure``: ``Failure`` and ``NoCurrentExceptionError``;
- ``refreactor.python.log.ILogContext``, the key of the log's context, and the context store
  itself: ``refreactor.python.context`` *is* ``twisted.python.context`` (a store, not code
  under test), so that a test reading Twisted's context inside a protocol callback sees the
  log system refreactor set around it; and, for the same reason, the registry of the
  reactor's thread: ``refreactor.python.threadable`` *is* ``twisted.python.threadable``.

refreactor's log is forwarded to Twisted's, so that errors refreactor logs reach trial (which
fails a test that logged an unexpected error, as it does on Twisted's reactors).
"""

import importlib
import sys
from typing import Any

from zope.interface.interface import InterfaceClass

# refreactor module -> Twisted module whose same-named classes replace refreactor's.
SWAPPED_MODULES = {
    "refreactor.internet.interfaces": "twisted.internet.interfaces",
    "refreactor.internet.error": "twisted.internet.error",
    "refreactor.internet.address": "twisted.internet.address",
    "refreactor.python.failure": "twisted.python.failure",
}
# Modules of behaviour from which only the exception classes are swapped.
EXCEPTIONS_ONLY = {
    "refreactor.internet.defer": "twisted.internet.defer",
}
# Single names of behaviour modules: (refreactor module, Twisted module, name).
SWAPPED_NAMES = [("refreactor.python.log", "twisted.python.log", "ILogContext")]
# Whole modules that are Twisted's in the harness process.
ALIASED_MODULES = {
    "refreactor.python.context": "twisted.python.context",
    "refreactor.python.threadable": "twisted.python.threadable",
}


def _isValueClass(obj: Any) -> bool:
    return isinstance(obj, (type, InterfaceClass))


def _isException(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseException)


def _swapClasses(ourName: str, theirName: str, wanted: Any) -> list[str]:
    ours = importlib.import_module(ourName)
    theirs = importlib.import_module(theirName)
    swapped = []
    replacements = {}
    for name, value in list(vars(ours).items()):
        if name.startswith("__") or not wanted(value) or value.__module__ != ourName:
            continue
        replacement = getattr(theirs, name, None)
        if replacement is not None and wanted(replacement):
            setattr(ours, name, replacement)
            replacements[value] = replacement
            swapped.append(f"{ourName}.{name}")
    # Tables of those classes (errno -> exception class) name the swapped classes too.
    for table in vars(ours).values():
        if isinstance(table, dict):
            for key, value in table.items():
                if isinstance(value, type) and value in replacements:
                    table[key] = replacements[value]
    return swapped


def install() -> list[str]:
    """Swap the value classes, forward the log; returns the qualified names swapped."""
    already = [m for m in sys.modules if m.startswith("refreactor.") and m not in (
        "refreactor.internet", "refreactor.python")]
    if already:
        raise RuntimeError(f"the bridge must come before refreactor is imported: {already}")
    swapped = []
    for ourName, theirName in ALIASED_MODULES.items():
        sys.modules[ourName] = importlib.import_module(theirName)
        swapped.append(ourName)
    for ourName, theirName in SWAPPED_MODULES.items():
        swapped += _swapClasses(ourName, theirName, _isValueClass)
    for ourName, theirName in EXCEPTIONS_ONLY.items():
        swapped += _swapClasses(ourName, theirName, _isException)
    for ourName, theirName, name in SWAPPED_NAMES:
        setattr(importlib.import_module(ourName), name,
                getattr(importlib.import_module(theirName), name))
        swapped.append(f"{ourName}.{name}")
    _forwardLog()
    return swapped


def _forwardLog() -> None:
    from refreactor.python import log as ourLog
    from twisted.python import log as theirLog

    def forward(event: dict[str, Any]) -> None:
        fields = {k: v for k, v in event.items() if k not in ("message", "time")}
        theirLog.msg(*event.get("message", ()), **fields)

    ourLog.addObserver(forward)
