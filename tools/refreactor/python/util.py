"""Small helpers, mirroring ``twisted.python.util``: for now, ``sibpath``."""

import os


def sibpath(path: str, sibling: str) -> str:
    """The path of ``sibling`` in the folder of ``path`` (a file's ``__file__``, typically)."""
    return os.path.join(os.path.dirname(os.path.abspath(path)), sibling)
