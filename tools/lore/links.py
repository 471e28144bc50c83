"""Where a Lore link leads: another page of the tree, a file, or somewhere outside.

Lore pages link each other as ``NAME.xhtml`` in the source or ``NAME.html`` (the name of the
built page), across folders too, and a folder (``policy/``) stands for its ``index`` page.
The site's parser and navigation and `lore lint` all ask this module, so they agree on every
link; the parser, the build's inputs and lint ask it which local file a listing, image or link
names, so they read exactly the same files, and never one outside the project's folder.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import NamedTuple

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
SOURCE_SUFFIX = ".xhtml"


class PageTarget(NamedTuple):
    """A link to a page of the tree: its document name and the anchor in it (maybe empty)."""

    docname: str
    anchor: str


def is_external(href: str) -> bool:
    """Tell whether ``href`` names a URL with a scheme (``http:``, ``mailto:``) or a host."""
    return bool(SCHEME.match(href)) or href.startswith("//")


def page_target(srcdir: Path, docname: str, href: str) -> PageTarget | None:
    """Return the page ``href`` leads to from ``docname``, or None if it is not a page link.

    Inside the tree, ``NAME.xhtml`` is always a page link (a missing page is the caller's
    warning); ``NAME.html`` and ``FOLDER/`` (its ``index``) are page links only when the
    source page exists. A link leaving the tree is never a page link.
    """
    if is_external(href) or href.startswith("/"):
        return None
    page, _, anchor = href.partition("#")
    if not page:
        return PageTarget(docname, anchor)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(docname), page))
    if path.startswith("../") or path == "..":
        return None
    if page.endswith(SOURCE_SUFFIX):
        return PageTarget(path[: -len(SOURCE_SUFFIX)], anchor)
    if page.endswith("/") or (srcdir / path).is_dir():
        candidate = posixpath.join(path, "index")
    elif page.endswith(".html"):
        candidate = path[: -len(".html")]
    else:
        return None
    if (srcdir / (candidate + SOURCE_SUFFIX)).is_file():
        return PageTarget(candidate, anchor)
    return None


def tree_file(srcdir: Path, docname: str, href: str,
              folders: dict[str, str | None] | None = None) -> Path | None:
    """Return the file ``href`` names from ``docname`` (anchor and query left out), resolved.

    None when it is not a file of the tree: a URL, an absolute path, or a path that leaves
    ``srcdir`` (by ``..`` or through a symbolic link). The file may not exist. ``folders``, kept
    by a caller for one run over files that do not move meanwhile, holds the folders resolved
    so far: resolving costs a system call per component of the path.
    """
    target = href.partition("#")[0].partition("?")[0]
    if not target or is_external(target) or target.startswith("/"):
        return None
    if folders is not None:
        known = _in_known_folder(str(srcdir), posixpath.dirname(docname), target, folders)
        if known is not None:
            return known or None
    root = srcdir.resolve()
    path = (root / posixpath.dirname(docname) / target).resolve()
    return path if path.is_relative_to(root) else None


def _in_known_folder(srcdir: str, folder: str, target: str,
                     folders: dict[str, str | None]) -> Path | bool | None:
    """`tree_file` from resolved folders: the file's path, False (outside ``srcdir``), or None
    when only resolving the whole path can tell (a missing folder, a link, a loop, ``..``).

    The folder that holds the file, resolved, followed by the file's name (no link) is the
    file resolved.
    """
    head, name = posixpath.split(target)
    root = _resolved_folder(srcdir, folders)
    holder = _resolved_folder(os.path.join(srcdir, folder, head), folders)
    if root is None or holder is None or name in ("", ".", ".."):
        return None
    path = os.path.join(holder, name)
    if os.path.islink(path):
        return None
    return Path(path) if path == root or path.startswith(os.path.join(root, "")) else False


def _resolved_folder(path: str, folders: dict[str, str | None]) -> str | None:
    """``path`` resolved (None: it does not exist, or loops), once per ``folders``."""
    if path not in folders:
        try:
            folders[path] = os.path.realpath(path, strict=True)
        except OSError:
            folders[path] = None
    return folders[path]
