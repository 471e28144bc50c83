"""API reference pages: every ``twisted.*`` name the corpus references, documented by autodoc.

The corpus names the documented ``twisted.*`` API; ``refreactor`` (or the package that
``lore_api_package`` names) carries it out under its own name with the same module tree. The
pages keep the ``twisted.*`` names (so the howto cross-references resolve) and an import alias
lets autodoc read that package's objects under them (none is needed for real ``twisted``).
zope.interface declarations are not classes autodoc understands, so interfaces are written
out here from their declared attributes and methods.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import inspect
import os
import re
import sys
import traceback
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from sphinx import locale
from zope.interface.interface import InterfaceClass, Method

from lore import xhtml
from lore.site import inputs
from lore.site.sphinx import memo
from lore.site.sphinx.reader import XHTMLError, local_name, parse

DOCUMENTED = "twisted"
IMPLEMENTATION = "refreactor"
API_DIR = "api"
MISSING_NOTE = "Not provided by the documented package:"
BROKEN_NOTE = "Modules of the documented package that fail to import:"
MEMO = ".lore-api.pickle"


def implementation_name(name: str, package: str = IMPLEMENTATION) -> str:
    """Map a documented ``twisted.*`` name onto its name in ``package`` (``refreactor.*``)."""
    return package + name[len(DOCUMENTED):]


class _AliasLoader(importlib.abc.Loader):
    """Load a ``twisted.*`` module as the already imported module of the documented package."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the aliased module is already executed."""


class TwistedAlias(importlib.abc.MetaPathFinder):
    """Import hook: ``twisted.X`` resolves to ``PACKAGE.X`` (autodoc's imports go here)."""

    def __init__(self, package: str = IMPLEMENTATION) -> None:
        self.package = package

    def find_spec(self, fullname: str, path, target=None) -> importlib.machinery.ModuleSpec | None:
        """Return a spec aliasing ``fullname`` when it is a documented name the package has."""
        if fullname != DOCUMENTED and not fullname.startswith(DOCUMENTED + "."):
            return None
        real = implementation_name(fullname, self.package)
        try:
            found = importlib.util.find_spec(real)
        except ImportError:
            return None
        if found is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


def install_alias(package: str = IMPLEMENTATION) -> None:
    """Put the ``twisted`` → ``package`` alias first on the import path (once; none for twisted)."""
    if package == DOCUMENTED:
        return
    if not any(isinstance(finder, TwistedAlias) for finder in sys.meta_path):
        sys.meta_path.insert(0, TwistedAlias(package))


@dataclass
class References:
    """How often the corpus names one API object, and where it does first (``path:line``)."""

    count: int
    first: str


def api_references(root: etree._Element) -> Iterator[tuple[str, int]]:
    """Yield the full name and line of every API reference of a parsed page."""
    for element in root.iter():
        if not isinstance(element.tag, str) or local_name(element) not in ("code", "a"):
            continue
        if xhtml.is_api_class(element.get("class", "")):
            yield full_name(element), element.sourceline


def full_name(element: etree._Element) -> str:
    """Return the dotted name an API reference names: ``base`` + ``.`` + its text."""
    text = " ".join("".join(element.itertext()).split())
    base = element.get("base")
    return f"{base}.{text}" if base else text


def corpus_documents(srcdir: Path, corpus: Sequence[str]) -> list[Path]:
    """Return the corpus's documents: ``lore_corpus``'s folders expanded, its files as named."""
    from lore.files import find_documents

    return [Path(path) for path in find_documents(str(srcdir / item) for item in corpus)]


def referenced_names(srcdir: Path, corpus: Sequence[str]) -> dict[str, References]:
    """Return every API name the corpus references, with its count and its first place."""
    names: dict[str, References] = {}
    for path in corpus_documents(srcdir, corpus):
        try:
            root = parse(path.read_bytes(), str(path))
        except (OSError, XHTMLError):
            continue  # the page's own parse reports it, with its line
        for name, line in api_references(root):
            found = names.setdefault(name, References(0, f"{path}:{line}"))
            found.count += 1
    return names


@dataclass
class Resolved:
    """A documented name split into its module and the attribute path inside it."""

    module: str
    path: list[str]
    obj: object


class ImportFailure(Exception):
    """A documented module exists but fails to import: its name and its error's last line."""

    def __init__(self, module: str, reason: str) -> None:
        super().__init__(f"{module}: {reason}")
        self.module = module
        self.reason = reason


def resolve(name: str, package: str = IMPLEMENTATION) -> Resolved | None:
    """Find ``name`` in ``package``: the longest importable module prefix, then attributes.

    Raise :class:`ImportFailure` when a module on the way exists but fails to import.
    """
    parts = name.split(".")
    if parts[0] != DOCUMENTED:
        return None
    found: tuple[int, types.ModuleType] | None = None
    for cut in range(1, len(parts) + 1):
        module = import_documented(".".join(parts[:cut]), package)
        if module is None:
            break
        found = (cut, module)
    if found is None:
        return None
    cut, obj = found
    for attribute in parts[cut:]:
        obj = member(obj, attribute)
        if obj is None:
            return None
    return Resolved(".".join(parts[:cut]), parts[cut:], obj)


def import_documented(module: str, package: str) -> types.ModuleType | None:
    """Import the documented ``module`` from ``package``; None when there is no such module."""
    real = implementation_name(module, package)
    try:
        return importlib.import_module(real)
    except ModuleNotFoundError as error:
        if error.name is not None and (real == error.name or real.startswith(error.name + ".")):
            return None
        raise ImportFailure(module, _last_line(error)) from error
    except Exception as error:  # noqa: BLE001 - whatever the module raises is its failure
        raise ImportFailure(module, _last_line(error)) from error


def _last_line(error: BaseException) -> str:
    """The last line of the traceback ``error`` prints: its class and message."""
    return traceback.format_exception_only(error)[-1].strip()


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


@dataclass
class Plan:
    """The module pages to write, the names found nowhere, and the modules failing to import."""

    pages: dict[str, ModulePage] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    #: module -> (the last line of its import error, the names referenced in it)
    broken: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def plan(names: set[str], package: str = IMPLEMENTATION) -> Plan:
    """Group the resolvable names by module page; list the missing names and broken modules."""
    result = Plan()
    for name in sorted(names):
        try:
            found = resolve(name, package)
        except ImportFailure as failure:
            result.broken.setdefault(failure.module, (failure.reason, []))[1].append(name)
            continue
        if found is None:
            result.missing.append(name)
            continue
        page = result.pages.setdefault(found.module, ModulePage(found.module))
        if found.path:
            top = found.path[0]
            page.objects[top] = getattr(importlib.import_module(
                implementation_name(found.module, package)), top)
    return result


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def interface_rst(qualified: str, iface: InterfaceClass, package: str) -> list[str]:
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
            lines.append(f"      Declared by :py:class:`{_documented(owner, package)}`.")
            lines.append("")
        lines += _indent(inspect.cleandoc(description.getDoc() or ""), "      ") + [""]
    return lines


def _documented(obj: object, package: str) -> str:
    """Return the documented (``twisted.*``) qualified name of an object of ``package``."""
    module = getattr(obj, "__module__", "") or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "")
    if module == package or module.startswith(package + "."):
        module = DOCUMENTED + module[len(package):]
    return f"{module}.{name}" if module else name


def object_rst(module: str, name: str, obj: object, package: str) -> list[str]:
    """Return the reST documenting one top-level object of a module page."""
    qualified = f"{module}.{name}"
    if isinstance(obj, InterfaceClass):
        return interface_rst(name, obj, package)
    if inspect.isclass(obj):
        return [f".. autoclass:: {qualified}", "   :members:", "   :undoc-members:",
                "   :show-inheritance:", ""]
    if inspect.isroutine(obj):
        return [f".. autofunction:: {qualified}", ""]
    if isinstance(obj, types.ModuleType):
        return []
    return [f".. autodata:: {qualified}", "   :annotation:", ""]


def module_rst(page: ModulePage, package: str = IMPLEMENTATION) -> str:
    """Return the reST source of one module's API page."""
    title = page.module
    lines = [title, "=" * len(title), "", f".. py:module:: {page.module}", ""]
    real = importlib.import_module(implementation_name(page.module, package))
    lines += _indent(inspect.cleandoc(real.__doc__ or ""), "") + [""]
    for name, obj in sorted(page.objects.items()):
        lines += object_rst(page.module, name, obj, package)
    return "\n".join(lines).rstrip() + "\n"


def index_rst(planned: Plan, package: str = IMPLEMENTATION) -> str:
    """Return the reST of the API index: a table of contents of the module pages."""
    lines = [":orphan:", "", "API reference", "=============", "",
             *_source_note(package), "",
             ".. toctree::", "   :maxdepth: 1", ""]
    lines += [f"   {page}" for page in sorted(planned.pages)]
    if planned.missing:
        lines += ["", MISSING_NOTE, ""] + [f"* ``{name}``" for name in planned.missing]
    if planned.broken:
        lines += ["", BROKEN_NOTE, ""] + [f"* ``{module}``: {reason}" for module, (reason, _)
                                          in sorted(planned.broken.items())]
    return "\n".join(lines) + "\n"


def _source_note(package: str) -> list[str]:
    """The API index's sentence saying where the documentation comes from."""
    if package == IMPLEMENTATION:
        return ["The ``twisted.*`` names the howtos use, documented from the reference reactor",
                "(``refreactor``), which carries them out under the same module tree."]
    return [f"The ``twisted.*`` names the howtos use, documented from ``{package}``."]


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless it already holds it; tell if it wrote."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return True


@dataclass
class Problems:
    """What the API pages could not document: names found nowhere, modules failing to import."""

    missing: dict[str, References] = field(default_factory=dict)
    #: module -> (the last line of its import error, its references counted together)
    broken: dict[str, tuple[str, References]] = field(default_factory=dict)


def generate(srcdir: Path, corpus: Sequence[str], write_pages: bool = True,
             package: str = IMPLEMENTATION) -> Problems:
    """Write the API pages for the corpus under ``srcdir/api``; return what is not documented.

    With ``write_pages`` false (the API is an external site, ``lore_api_baseurl``), no page
    is written, the stale ones are removed, and nothing is missing.
    The pages and problems are kept (``memo``) while the corpus, the documented package's files
    and lore's code are unchanged: every language's build calls this, and importing the package
    and rendering its pages is a good part of a one-page rebuild.
    """
    folder = srcdir / API_DIR
    wanted, problems = planned_pages(srcdir, corpus, package) if write_pages else ({}, Problems())
    for stale in set(folder.glob("*.rst")) - {folder / name for name in wanted}:
        stale.unlink(missing_ok=True)
    for name, text in wanted.items():
        write_if_changed(folder / name, text)
    return problems


def planned_pages(srcdir: Path, corpus: Sequence[str], package: str
                  ) -> tuple[dict[str, str], Problems]:
    """Return :func:`plan_pages`' result, kept beside the pages while its inputs are unchanged."""
    kept = srcdir / API_DIR / MEMO
    key = memo.files_digest(f"api {package} {package_stamp(package)}",
                            corpus_documents(srcdir, corpus))
    found = memo.load(kept, key)
    if found is None:
        found = plan_pages(srcdir, corpus, package)
        memo.store(kept, key, found)
    return found


def package_stamp(package: str) -> str:
    """Identify the state of the documented package's files (a digest of their bytes)."""
    folder = inputs.documented_package(package)
    return inputs.package_digest(folder) if folder else "absent"


def plan_pages(srcdir: Path, corpus: Sequence[str], package: str
               ) -> tuple[dict[str, str], Problems]:
    """Return the API pages to write (file name: text) and what they cannot document."""
    names = referenced_names(srcdir, corpus)
    planned = plan(set(names), package)
    problems = Problems({name: names[name] for name in planned.missing})
    for module, (reason, in_module) in planned.broken.items():
        first = min((names[name] for name in in_module), key=lambda r: r.first).first
        count = sum(names[name].count for name in in_module)
        problems.broken[module] = (reason, References(count, first))
    wanted = {"index.rst": index_rst(planned, package)}
    wanted.update({f"{module}.rst": module_rst(page, package)
                   for module, page in planned.pages.items()})
    return wanted, problems


ALIAS_LABEL = "alias of %s"
# A placeholder followed at once by a word character (Japanese: "%sの別名です").
_GLUED_PLACEHOLDER = re.compile(r"%s(?=\w)")


def guard_alias_label() -> None:
    """Keep autodoc's translated "alias of %s" valid reST once a role fills its placeholder.

    reST ends inline markup only before a space or punctuation, and some of Sphinx's catalogs
    put a letter right after the placeholder, so that every class alias on an API page is a
    warning (and a failed ``-W`` build) in that language. An escaped space between them ends
    the role and prints nothing. Only an installed catalog's own translation is changed.
    """
    translator = locale.get_translator("sphinx")
    catalog = getattr(translator, "_catalog", None)
    translated = translator.gettext(ALIAS_LABEL)
    if isinstance(catalog, dict) and _GLUED_PLACEHOLDER.search(translated):
        catalog[ALIAS_LABEL] = _GLUED_PLACEHOLDER.sub(r"%s\\ ", translated)

