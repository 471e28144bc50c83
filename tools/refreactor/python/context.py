"""Dynamic context, mirroring ``twisted.python.context``: values seen by a call and its callees.

``call({key: value}, f)`` runs ``f`` with ``get(key)`` giving ``value`` inside it (and in
everything it calls), in this thread only; the previous values return when ``f`` does.
"""

import threading
from collections.abc import Callable
from typing import Any

_local = threading.local()


def _stack() -> list[dict]:
    try:
        return _local.stack
    except AttributeError:
        _local.stack = [{}]
        return _local.stack


def call(newContext: dict, func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Call ``func(*args, **kw)`` with ``newContext``'s keys set on top of the current ones."""
    stack = _stack()
    stack.append({**stack[-1], **newContext})
    try:
        return func(*args, **kw)
    finally:
        stack.pop()


def get(key: Any, default: Any = None) -> Any:
    """The value of ``key`` in the current context, else ``default``."""
    return _stack()[-1].get(key, default)
