"""Resolve dotted ``twisted.*`` names on the reactor under test; print the ones that do not exist.

Started as a script (``python -m refreactor api_resolver.py`` or plain ``python``) with one name
per line on stdin; writes a JSON object mapping each missing name to the reason.
"""

import importlib
import json
import sys


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


def main() -> None:
    """Print a JSON object of the names on stdin that do not resolve, with why."""
    missing = {}
    for name in sys.stdin.read().split():
        try:
            resolve(name)
        except Exception as error:  # any failure to import or to find means the name is wrong
            missing[name] = f"{type(error).__name__}: {error}"
    print(json.dumps(missing))


if __name__ == "__main__":
    main()
