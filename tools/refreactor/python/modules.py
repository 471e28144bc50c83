"""Finding modules on disk, mirroring ``twisted.python.modules``: ``getModule(name)``.

Only what Twisted's examples use: a module's ``name`` and its ``filePath`` (a FilePath of
its source file; a package's is its ``__init__.py``), to find files shipped beside it.
"""

import importlib
import importlib.util
import sys
from types import ModuleType

from refreactor.python.filepath import FilePath


class PythonModule:
    """A module found by name, loaded or not."""

    def __init__(self, name: str, filePath: FilePath) -> None:
        self.name = name
        self.filePath = filePath

    def __repr__(self) -> str:
        return f"PythonModule<{self.name!r}>"

    def isPackage(self) -> bool:
        """Whether the module is a package (its file is an ``__init__``)."""
        return self.filePath.splitext()[0].endswith("__init__")

    def load(self) -> ModuleType:
        """Import the module and return it."""
        return importlib.import_module(self.name)


def getModule(moduleName: str) -> PythonModule:
    """The module called ``moduleName``: the loaded one if there is one (``__main__`` too),
    else the one the import system would load. KeyError if there is none."""
    module = sys.modules.get(moduleName)
    location = getattr(module, "__file__", None)
    if location is None:
        try:
            spec = importlib.util.find_spec(moduleName)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin or not spec.has_location:
            raise KeyError(moduleName)
        location = spec.origin
    return PythonModule(moduleName, FilePath(location))
