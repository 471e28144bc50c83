"""API reference pages: every ``twisted.*`` name the corpus references, documented from refreactor.

The corpus names the documented ``twisted.*`` API; ``refreactor`` carries it out under
``refreactor.*`` with the same module tree. The pages keep the ``twisted.*`` names (so the
howto cross-references resolve) and an import alias lets autodoc read refreactor's objects
under them. zope.interface declarations are not classes autodoc understands, so interfaces
are written out here from their declared attributes and methods.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import inspect
import os
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from zope.interface.interface import InterfaceClass, Method

from lore.site.sphinx.reader import XHTMLError, classes, local_name, parse

DOCUMENTED = "twisted"
IMPLEMENTATION = "refreactor"
API_DIR = "api"
MISSING_NOTE = "Not provided by the reference reactor yet."


def implementation_name(name: str) -> str:
    """Map a documented ``twisted.*`` name onto its ``refreactor.*`` module name."""
    return IMPLEMENTATION + name[len(DOCUMENTED):]


class _AliasLoader(importlib.abc.Loader):
    """Load a ``twisted.*`` module as the already imported ``refreactor.*`` module."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the refreactor module is already executed."""


class TwistedAlias(importlib.abc.MetaPathFinder):
    """Import hook: ``twisted.X`` resolves to ``refreactor.X`` (autodoc's imports go here)."""

    def find_spec(self, fullname: str, path, target=None) -> importlib.machinery.ModuleSpec | None:
        """Return a spec aliasing ``fullname`` when it is a documented name refreactor has."""
        if fullname != DOCUMENTED and not fullname.startswith(DOCUMENTED + "."):
            return None
        real = implementation_name(fullname)
        try:
            found = importlib.util.find_spec(real)
        except ImportError:
            return None
        if found is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


def install_alias() -> None:
    """Put the ``twisted`` → ``refreactor`` alias first on the import path (once)."""
    if not any(isinstance(finder, TwistedAlias) for finder in sys.meta_path):
        sys.meta_path.insert(0, TwistedAlias())


def referenced_names(corpus: Path) -> set[str]:
    """Return the full name of every ``class="API"`` reference in the corpus's XHTML files."""
    names = set()
    for path in sorted(corpus.rglob("*.xhtml")):
        try:
            root = parse(path.read_bytes(), str(path))
        except XHTMLError:
            continue  # the page's own parse reports it, with its line
        for element in root.iter():
            if not isinstance(element.tag, str) or local_name(element) not in ("code", "a"):
                continue
            if "api" not in (c.lower() for c in classes(element)):
                continue
            text = " ".join("".join(element.itertext()).split())
            base = element.get("base")
            names.add(f"{base}.{text}" if base else text)
    return names


@dataclass
class Resolved:
    """A documented name split into its module and the attribute path inside it."""

    module: str
    path: list[str]
    obj: object


def resolve(name: str) -> Resolved | None:
    """Find ``name`` in refreactor: the longest importable module prefix, then attributes."""
    parts = name.split(".")
    if parts[0] != DOCUMENTED:
        return None
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        try:
            obj = importlib.import_module(implementation_name(module))
        except Exception:  # noqa: BLE001 - a module that fails to import provides nothing
            continue
        for attribute in parts[cut:]:
            obj = member(obj, attribute)
            if obj is None:
                return None
        return Resolved(module, parts[cut:], obj)
    return None


def member(obj: object, name: str) -> object | None:
    """Return the attribute ``name`` of ``obj`` (an interface's declared name counts)."""
    if isinstance(obj, InterfaceClass):
        return obj.get(name)
    return getattr(obj, name, None)


@dataclass
class ModulePage:
    """The API page of one documented module: its top-level objects, in name order."""

    module: str
    objects: dict[str, object] = field(default_factory=dict)


def plan(names: set[str]) -> tuple[dict[str, ModulePage], list[str]]:
    """Group the resolvable names by module page; return the pages and the missing names."""
    pages: dict[str, ModulePage] = {}
    missing = []
    for name in sorted(names):
        found = resolve(name)
        if found is None:
            missing.append(name)
            continue
        page = pages.setdefault(found.module, ModulePage(found.module))
        if found.path:
            top = found.path[0]
            page.objects[top] = getattr(importlib.import_module(
                implementation_name(found.module)), top)
    return pages, missing


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def interface_rst(qualified: str, iface: InterfaceClass) -> list[str]:
    """Return the reST of a zope interface: its declared attributes and methods."""
    lines = [f".. py:class:: {qualified}", "", "   *Interface.*", ""]
    lines += _indent(inspect.cleandoc(iface.__doc__ or ""), "   ") + [""]
    owners = {name: owner for owner in reversed(iface.__iro__) for name in owner.names()}
    for name in sorted(iface.names(all=True)):
        description = iface[name]
        if isinstance(description, Method):
            lines.append(f"   .. py:method:: {name}{description.getSignatureString()}")
        else:
            lines.append(f"   .. py:attribute:: {name}")
        lines.append("")
        owner = owners.get(name, iface)
        if owner is not iface:
            lines.append(f"      Declared by :py:class:`{_documented(owner)}`.")
            lines.append("")
        lines += _indent(inspect.cleandoc(description.getDoc() or ""), "      ") + [""]
    return lines


def _documented(obj: object) -> str:
    """Return the documented (``twisted.*``) qualified name of a refreactor object."""
    module = getattr(obj, "__module__", "") or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "")
    if module.startswith(IMPLEMENTATION):
        module = DOCUMENTED + module[len(IMPLEMENTATION):]
    return f"{module}.{name}" if module else name


def object_rst(module: str, name: str, obj: object) -> list[str]:
    """Return the reST documenting one top-level object of a module page."""
    qualified = f"{module}.{name}"
    if isinstance(obj, InterfaceClass):
        return interface_rst(name, obj)
    if inspect.isclass(obj):
        return [f".. autoclass:: {qualified}", "   :members:", "   :undoc-members:",
                "   :show-inheritance:", ""]
    if inspect.isroutine(obj):
        return [f".. autofunction:: {qualified}", ""]
    if isinstance(obj, types.ModuleType):
        return []
    return [f".. autodata:: {qualified}", "   :annotation:", ""]


def module_rst(page: ModulePage) -> str:
    """Return the reST source of one module's API page."""
    title = page.module
    lines = [title, "=" * len(title), "", f".. py:module:: {page.module}", ""]
    real = importlib.import_module(implementation_name(page.module))
    lines += _indent(inspect.cleandoc(real.__doc__ or ""), "") + [""]
    for name, obj in sorted(page.objects.items()):
        lines += object_rst(page.module, name, obj)
    return "\n".join(lines).rstrip() + "\n"


def index_rst(pages: dict[str, ModulePage], missing: list[str]) -> str:
    """Return the reST of the API index: a table of contents of the module pages."""
    lines = [":orphan:", "", "API reference", "=============", "",
             "The ``twisted.*`` names the howtos use, documented from the reference reactor",
             "(``refreactor``), which carries them out under the same module tree.", "",
             ".. toctree::", "   :maxdepth: 1", ""]
    lines += [f"   {page}" for page in sorted(pages)]
    if missing:
        lines += ["", MISSING_NOTE, ""] + [f"* ``{name}``" for name in missing]
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless it already holds it; tell if it wrote."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return True


def generate(srcdir: Path, corpus: str) -> list[str]:
    """Write the API pages for the corpus under ``srcdir/api``; return the missing names."""
    pages, missing = plan(referenced_names(srcdir / corpus))
    folder = srcdir / API_DIR
    wanted = {folder / "index.rst": index_rst(pages, missing)}
    wanted.update({folder / f"{module}.rst": module_rst(page) for module, page in pages.items()})
    for stale in set(folder.glob("*.rst")) - set(wanted):
        stale.unlink(missing_ok=True)
    for path, text in wanted.items():
        write_if_changed(path, text)
    return missing
