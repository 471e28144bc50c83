"""Plugins, mirroring ``twisted.plugin``: objects found in the modules of a plugin package.

A plugin is a module-level object of a module in ``twisted/plugins/`` (a folder without an
``__init__.py``, anywhere on ``sys.path``) that provides ``IPlugin``. ``getPlugins(interface)``
imports every such module and gives each plugin that provides ``interface`` (or adapts to it).
Unlike Twisted, nothing is cached: no ``dropin.cache`` file is written.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from zope.interface import Interface

from refreactor.python import log


class IPlugin(Interface):
    """A plugin: a module-level object of a plugin package, found by ``getPlugins``."""


def pluginPackagePaths(name: str) -> list[str]:
    """The folders on ``sys.path`` that extend the package ``name``: each ``ENTRY/a/b`` for
    ``name`` ``a.b`` that exists and has no ``__init__.py`` (a package with one is its own
    package, not an extension of this one)."""
    parts = name.split(".")
    found = []
    for entry in sys.path:
        folder = os.path.join(os.path.abspath(entry or os.curdir), *parts)
        if (os.path.isdir(folder) and not os.path.exists(os.path.join(folder, "__init__.py"))
                and folder not in found):
            found.append(folder)
    return found


def _pluginModules(package: ModuleType) -> Iterator[ModuleType]:
    """Each module of ``package``, imported; one that fails to import is logged and skipped."""
    seen = set()
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in seen or info.name.startswith("_"):
            continue
        seen.add(info.name)
        try:
            yield importlib.import_module(f"{package.__name__}.{info.name}")
        except Exception:
            log.err(None, f"Unexpected error while loading plugin module {info.name!r}")


def getPlugins(interface: Any, package: ModuleType | None = None) -> Iterator[Any]:
    """Each plugin of ``package`` (default: ``twisted.plugins``) providing ``interface``."""
    if package is None:
        from refreactor import plugins as package
    for module in _pluginModules(package):
        for value in list(vars(module).values()):
            if isinstance(value, ModuleType) or not IPlugin.providedBy(value):
                continue
            adapted = interface(value, None)
            if adapted is not None:
                yield adapted


__all__ = ["IPlugin", "getPlugins", "pluginPackagePaths"]
