"""Resolve dotted ``twisted.*`` names; tell which ones name nothing, and why.

Shared by the examples' ``PAGE::api`` test and ``lore lint``. Started as a script with one name
per line on stdin, it writes a JSON object mapping each missing name to the reason, once stdin
ends:

- ``python -m refreactor api_resolver.py`` (or plain ``python``): on the reactor under test,
  whose import hook maps ``twisted.*`` onto it;
- ``python api_resolver.py PACKAGE``: ``twisted.X`` is looked up as ``PACKAGE.X`` (the package
  the corpus documents, ``lore_api_package``), with no import hook.

It imports nothing of lore's, so that it runs under any interpreter that has the package.
"""

import gc
import importlib
import json
import sys

DOCUMENTED = "twisted"


def resolve(name: str) -> object:
    """Import the longest module prefix of ``name`` and walk the rest as attributes.

    Members of a zope.interface interface (``IReactorTime.callLater``) are looked up among the
    names it declares.
    """
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            if cut == 1:
                raise
            continue
        for attribute in parts[cut:]:
            obj = _member(obj, attribute)
        return obj
    raise ImportError(name)


def _member(obj: object, attribute: str) -> object:
    """An attribute, or the method or attribute an interface declares under that name."""
    try:
        return getattr(obj, attribute)
    except AttributeError:
        declared = getattr(obj, "queryDescriptionFor", None)
        if declared is None or declared(attribute) is None:
            raise
        return declared(attribute)


def in_package(name: str, package: str) -> str:
    """Map a documented ``twisted.*`` name onto ``package`` (other names are kept)."""
    if package == DOCUMENTED or (name != DOCUMENTED and not name.startswith(DOCUMENTED + ".")):
        return name
    return package + name[len(DOCUMENTED):]


def missing(names: list[str], package: str = DOCUMENTED) -> dict[str, str]:
    """Return those of ``names`` that resolve to nothing in ``package``, each with the reason."""
    found = {}
    for name in names:
        try:
            resolve(in_package(name, package))
        except Exception as error:  # any failure to import or to find means the name is wrong
            found[name] = f"{type(error).__name__}: {error}"
    return found


def main() -> None:
    """Print a JSON object of the names on stdin that do not resolve, with why.

    Each name is resolved as soon as its line comes (once), so that a caller still reading its
    pages overlaps the imports.
    """
    gc.disable()  # a short process: importing makes many objects, and hardly a cycle to collect
    package = sys.argv[1] if len(sys.argv) > 1 else DOCUMENTED
    found: dict[str, str] = {}
    seen = set()
    for line in sys.stdin:
        for name in line.split():
            if name not in seen:
                seen.add(name)
                found.update(missing([name], package))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
