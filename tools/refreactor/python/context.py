"""Dynamic context, mirroring ``twisted.python.context``: values seen by a call and its callees.

``call({key: value}, f)`` runs ``f`` with ``get(key)`` giving ``value`` inside it (and in
everything it calls), in this thread only; the previous values return when ``f`` does.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

_current: ContextVar[dict | None] = ContextVar("refreactor.python.context", default=None)


def call(newContext: dict, func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Call ``func(*args, **kw)`` with ``newContext``'s keys set on top of the current ones."""
    current = _current.get()
    token = _current.set({**current, **newContext} if current else newContext)
    try:
        return func(*args, **kw)
    finally:
        _current.reset(token)


def get(key: Any, default: Any = None) -> Any:
    """The value of ``key`` in the current context, else ``default``."""
    current = _current.get()
    return default if current is None else current.get(key, default)
