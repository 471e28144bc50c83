"""``python -m refreactor SCRIPT [ARGS]``: run a program written for Twisted on refreactor.

An import hook, installed in this process only, maps ``twisted`` and ``twisted.X`` onto
``refreactor`` and ``refreactor.X``: the very same module objects, so that
``twisted.internet.reactor is refreactor.internet.reactor``. A name refreactor does not
provide fails with an ImportError that says so. The classes of refreactor's modules present
themselves by their Twisted names too (``__module__`` is ``twisted.X``), so that reprs,
tracebacks and log namespaces read as they do on Twisted.
"""

import importlib
import importlib.abc
import importlib.machinery
import os
import signal
import sys
from types import ModuleType, TracebackType
from typing import Any

_ALIAS = "twisted"
_TARGET = "refreactor"


class _AliasLoader(importlib.abc.Loader):
    """Gives the already imported refreactor module for its twisted name."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.originalSpec = getattr(module, "__spec__", None)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        """The refreactor module itself."""
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run; undo the spec the import system stamped on the shared module."""
        if isinstance(self.module, ModuleType):
            self.module.__spec__ = self.originalSpec


class TwistedAliasFinder(importlib.abc.MetaPathFinder):
    """Resolves ``twisted`` names to the matching ``refreactor`` modules."""

    def find_spec(self, fullname: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        """A spec aliasing ``fullname`` to refreactor, or ImportError if it has no such name."""
        if fullname != _ALIAS and not fullname.startswith(_ALIAS + "."):
            return None
        realName = _TARGET + fullname[len(_ALIAS):]
        try:
            module = importlib.import_module(realName)
        except ModuleNotFoundError as e:
            if e.name is not None and not (e.name == realName or realName.startswith(e.name + ".")):
                raise  # Something refreactor itself imports is missing: not our message.
            raise ModuleNotFoundError(
                f"the reference reactor (refreactor) does not provide {fullname}",
                name=fullname) from None
        # The reactor module replaces itself in sys.modules with the reactor object.
        module = sys.modules.get(realName, module)
        isPackage = hasattr(module, "__path__")
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module),
                                              is_package=isPackage)


def presentAsTwisted(module: ModuleType) -> None:
    """Give the classes ``module`` defines (a refreactor module) their ``twisted.*`` name."""
    name = getattr(module, "__name__", "")
    if not name.startswith(_TARGET + "."):
        return
    alias = _ALIAS + name[len(_TARGET):]
    for value in list(vars(module).values()):
        if isinstance(value, type) and value.__module__ == name:
            value.__module__ = alias


class _PresentingLoader(importlib.abc.Loader):
    """Runs a refreactor module with its own loader, then presents its classes as Twisted's."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        """What the module's own loader makes."""
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        """Run the module, then rename its classes."""
        self.loader.exec_module(module)
        presentAsTwisted(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)  # get_source and the like, for tracebacks


class _PresentingFinder(importlib.abc.MetaPathFinder):
    """Finds refreactor's submodules as usual, wrapping their loader in _PresentingLoader."""

    def find_spec(self, fullname: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        """The usual spec of a ``refreactor.X`` module, with a presenting loader."""
        if not fullname.startswith(_TARGET + ".") or path is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _PresentingLoader(spec.loader)
        return spec


def install() -> None:
    """Put the alias finder first on the import path of this process, and have refreactor's
    classes, those imported already and those to come, show their Twisted names."""
    if not any(isinstance(f, TwistedAliasFinder) for f in sys.meta_path):
        sys.meta_path[:0] = [TwistedAliasFinder(), _PresentingFinder()]
        for module in list(sys.modules.values()):
            if isinstance(module, ModuleType):
                presentAsTwisted(module)


def main(argv: list[str]) -> None:
    """Run ``argv[0]`` as ``__main__`` with ``argv`` as its ``sys.argv``."""
    if not argv or argv[0] in ("-h", "--help"):
        sys.stderr.write("usage: python -m refreactor SCRIPT [ARGS]\n")
        raise SystemExit(2)
    install()
    sys.argv = list(argv)
    script = os.path.abspath(argv[0])
    # As ``python SCRIPT``: the script's folder, not the current one, comes first on the path,
    # so the script imports the modules beside it.
    sys.path[0] = os.path.dirname(script)
    try:
        _runAsMain(script)
    except SystemExit:
        raise
    except BaseException as e:
        _endAsPython(e)


def _runAsMain(script: str) -> None:
    """Run ``script`` as the ``__main__`` module, as ``python SCRIPT`` does: its code (and so
    its tracebacks) under its absolute path, ``sys.argv[0]`` as it was typed."""
    with open(script, "rb") as source:
        code = compile(source.read(), script, "exec", dont_inherit=True)
    module = ModuleType("__main__")
    module.__file__ = script
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


# Frames of this runner, which ``python SCRIPT`` would not show in a traceback.
_RUNNER_FILES = {__file__}


def _scriptFrames(tb: TracebackType | None) -> TracebackType | None:
    while tb is not None and tb.tb_frame.f_code.co_filename in _RUNNER_FILES:
        tb = tb.tb_next
    return tb


def _endAsPython(e: BaseException) -> None:
    """Report an uncaught exception and exit as ``python SCRIPT`` would have."""
    tb = _scriptFrames(e.__traceback__)
    sys.excepthook(type(e), e.with_traceback(tb), tb)
    if isinstance(e, KeyboardInterrupt):
        sys.stdout.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
