"""Finding tests by name (module, package, ``module.Class.method``, file path) and running them."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import sys
import unittest as pyunit
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from refreactor.python.failure import Failure
from refreactor.trial._synctest import SynchronousTestCase


class ErrorHolder:
    """Stands for what could not be loaded: reports its error as a test would."""

    def __init__(self, description: str, failure: Failure) -> None:
        self.description = description
        self.failure = failure

    def id(self) -> str:
        """The name that could not be loaded."""
        return self.description

    def run(self, result: Any) -> None:
        """Report the loading error."""
        result.startTest(self)
        result.addError(self, self.failure)
        result.stopTest(self)


def _isTestCase(obj: Any) -> bool:
    return inspect.isclass(obj) and issubclass(obj, pyunit.TestCase)


def _testMethodNames(cls: type) -> list[str]:
    return sorted(name for name in dir(cls)
                  if name.startswith("test") and callable(getattr(cls, name, None)))


def testsOfClass(cls: type) -> list[Any]:
    """One test per ``test*`` method of ``cls``, by name."""
    return [cls(name) for name in _testMethodNames(cls)]


def testsOfModule(module: ModuleType) -> list[Any]:
    """The tests of every TestCase class in ``module``, classes by name."""
    classes = sorted((obj for obj in vars(module).values()
                      if _isTestCase(obj) and obj not in _BASES), key=lambda c: c.__name__)
    return [test for cls in classes for test in testsOfClass(cls)]


def _testModulesOf(package: ModuleType) -> Iterator[str]:
    """The dotted names of the ``test_*`` modules in ``package`` and its subpackages."""
    for info in sorted(pkgutil.walk_packages(package.__path__, package.__name__ + "."),
                       key=lambda i: i.name):
        if not info.ispkg and info.name.rsplit(".", 1)[-1].startswith("test_"):
            yield info.name


def testsOfModuleOrPackage(module: ModuleType) -> list[Any]:
    """The tests of a module, or of every test module below a package."""
    if not hasattr(module, "__path__"):
        return testsOfModule(module)
    tests: list[Any] = []
    for name in _testModulesOf(module):
        tests += loadByName(name)
    return tests


def _moduleNameOfFile(path: str) -> str:
    """The dotted name of a Python file; the folder above its packages goes on sys.path."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        folder, parts = path, []
    else:
        folder, parts = os.path.dirname(path), [os.path.splitext(os.path.basename(path))[0]]
    while os.path.exists(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        folder = os.path.dirname(folder)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return ".".join(parts)


def _resolve(name: str) -> Any:
    """The module, class or method a dotted name names (its longest importable module first)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError as e:
            if e.name is not None and ".".join(parts[:cut]).startswith(e.name):
                continue
            raise
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def loadByName(name: str) -> list[Any]:
    """The tests ``name`` names; an ErrorHolder if it names nothing that loads."""
    try:
        if os.sep in name or name.endswith(".py") and os.path.exists(name):
            name = _moduleNameOfFile(name)
        obj = _resolve(name)
    except BaseException:
        return [ErrorHolder(name, Failure())]
    if isinstance(obj, ModuleType):
        return testsOfModuleOrPackage(obj)
    if _isTestCase(obj):
        return testsOfClass(obj)
    if inspect.isfunction(obj) and "." in getattr(obj, "__qualname__", ""):
        owner = _resolve(name.rsplit(".", 1)[0])
        return [owner(obj.__name__)]
    return [ErrorHolder(name, Failure(TypeError(f"{name!r} is not a test")))]


def prepareWorkingDirectory(path: str = "_trial_temp") -> None:
    """Make a fresh ``_trial_temp`` (removing the old one only if trial made it) and enter it."""
    if os.path.exists(os.path.join(path, "_trial_marker")):
        shutil.rmtree(path)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "_trial_marker"), "w"):
        pass
    os.chdir(path)


def run(names: list[str], reporter: Any) -> bool:
    """Run the tests ``names`` name, reporting to ``reporter``; whether all passed."""
    tests: list[Any] = []
    for name in names:
        tests += loadByName(name)
    for test in tests:
        if reporter.shouldStop:
            break
        test.run(reporter)
    reporter.done()
    return reporter.wasSuccessful()


_BASES = {SynchronousTestCase, pyunit.TestCase}
