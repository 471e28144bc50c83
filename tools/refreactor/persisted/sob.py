"""Save and load whole objects (typically an ``Application``) as ``.tap`` pickle files.

Security: a ``.tap`` file is a pickle, and unpickling runs code named in the file.
Load only ``.tap`` files you created or otherwise trust; a ``.tap`` from elsewhere can do
anything your account can do.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Any

from zope.interface import Interface, implementer

from refreactor.persisted import styles
from refreactor.python import log

# style name -> file extension; only the pickle style is carried out.
_EXTENSIONS = {"pickle": "tap"}

_TYPES_BY_EXTENSION = {
    ".tac": "python",
    ".etac": "python",
    ".py": "python",
    ".tap": "pickle",
    ".etap": "pickle",
    ".tas": "source",
    ".etas": "source",
}

# What unpickling raises for data that is not a pickle (or a truncated one).
_NOT_A_PICKLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, KeyError)


class TapFileError(pickle.UnpicklingError):
    """The file is not a valid ``.tap`` file (not a pickle, or a damaged one)."""


class IPersistable(Interface):
    """An object that can be saved in several styles."""

    def setStyle(style):
        """Choose the style (``"pickle"``) in which the object is saved."""

    def save(tag=None, filename=None, passphrase=None):
        """Save the object to ``filename``, or to ``NAME.tap`` / ``NAME-TAG.tap``."""


def _checkStyle(style: str) -> str:
    """Return ``style``'s extension, refusing styles this implementation does not carry out."""
    if style not in _EXTENSIONS:
        raise ValueError(f"unsupported persistence style {style!r}; supported: pickle")
    return _EXTENSIONS[style]


@implementer(IPersistable)
class Persistent:
    """Saves ``original`` under the file name stem ``name``."""

    def __init__(self, original: Any, name: str) -> None:
        """Remember the object to save and the stem of its file name."""
        self.original = original
        self.name = name
        self.style = "pickle"

    def setStyle(self, style: str) -> None:
        """Choose the style in which the object is saved."""
        _checkStyle(style)
        self.style = style

    def save(
        self, tag: str | None = None, filename: str | None = None, passphrase: None = None
    ) -> None:
        """Save atomically (a temporary file renamed into place)."""
        if passphrase is not None:
            raise ValueError("encrypted .tap files are not supported")
        ext = _checkStyle(self.style)
        if filename is None:
            filename = f"{self.name}-{tag}.{ext}" if tag else f"{self.name}.{ext}"
        log.msg(f"Saving {self.name} application to {filename}...")
        _dumpAtomically(self.original, filename)
        log.msg("Saved.")


def _dumpAtomically(obj: Any, filename: str) -> None:
    """Pickle ``obj`` into ``filename`` so that readers never see a half-written file."""
    directory = os.path.dirname(os.path.abspath(filename))
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".tap")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, filename)
    except BaseException:
        os.unlink(temp)
        raise


def load(filename: str, style: str) -> Any:
    """Load an object saved in ``style`` and run pending ``Versioned`` upgrades.

    This unpickles ``filename``, which runs code the file names: load only trusted files.
    Raises ``TapFileError`` when the file is not a pickle.
    """
    _checkStyle(style)
    with open(filename, "rb") as f:
        try:
            value = pickle.load(f)
        except _NOT_A_PICKLE as e:
            raise TapFileError(
                f"{filename} is not a valid .tap file (a pickled application): {e}"
            ) from e
    styles.doUpgrade()
    persistable = IPersistable(value, None)
    if persistable is not None:
        persistable.setStyle(style)
    return value


def loadValueFromFile(filename: str, variable: str) -> Any:
    """Run the Python file ``filename`` and return the value it binds to ``variable``."""
    with open(filename) as f:
        source = f.read()
    namespace: dict[str, Any] = {"__file__": filename}
    exec(compile(source, filename, "exec"), namespace, namespace)
    return namespace[variable]


def guessType(filename: str) -> str:
    """Return the persistence style a file name's extension suggests."""
    return _TYPES_BY_EXTENSION[os.path.splitext(filename)[1]]
