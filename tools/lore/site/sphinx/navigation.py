"""The site's navigation: every page of the tree reachable from the root page.

Lore trees have no table of contents of their own: the root page links the howtos, and
index pages (``NAME/index.xhtml``) link the pages of their folder. The navigation follows
those links in the order the pages give them: the root's pages, then each index page's
own pages below it; the pages no index links come after them, under the root, in the
order the placed pages first link them, and the pages nothing links last, by name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from lore import xhtml
from lore.links import SOURCE_SUFFIX, page_target
from lore.site.sphinx.reader import XHTMLError, classes, local_name, parse

LISTING_CLASSES = {"py-listing", "html-listing", "listing", "absolute"}


def page_links(srcdir: Path, docname: str) -> list[str] | None:
    """Return the pages ``docname`` links to, in document order, each once (None: unreadable)."""
    try:
        root = parse((srcdir / (docname + SOURCE_SUFFIX)).read_bytes(), docname)
    except (OSError, XHTMLError):
        return None  # the page's own parse reports it
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or local_name(element) != "a":
            continue
        href = element.get("href")
        if href is None or LISTING_CLASSES & set(classes(element)) or \
                xhtml.is_api_class(element.get("class", "")):
            continue
        target = page_target(srcdir, docname, href)
        if target is not None and target.docname != docname and target.docname not in found:
            found.append(target.docname)
    return found


def is_index(docname: str) -> bool:
    """Tell whether a page is an index page, whose links give the order of its pages."""
    return posixpath.basename(docname) == "index"


def plan(srcdir: Path, pages: Iterable[str], root: str) -> dict[str, list[str]]:
    """Return, for each page with any, the pages it lists in the navigation (see the module).

    A page that cannot be read is left out: its error is reported when it is read.
    """
    found = {page: page_links(srcdir, page) for page in pages}
    pages = {page for page, links in found.items() if links is not None}
    links = {page: [p for p in found[page] if p in pages] for page in pages}
    children: dict[str, list[str]] = {}
    placed = {root}
    order = [root]
    for page in order:  # grows as index pages are expanded: breadth first
        if page != root and not is_index(page):
            continue
        new = [p for p in links.get(page, []) if p not in placed]
        placed.update(new)
        order.extend(new)
        if new:
            children[page] = new
    rest: list[str] = []
    queue = list(order)
    for page in queue:  # grows too: pages linked only from pages placed so far
        new = [p for p in links.get(page, []) if p not in placed]
        placed.update(new)
        rest.extend(new)
        queue.extend(new)
    rest += sorted(pages - placed)
    if rest:
        children.setdefault(root, []).extend(rest)
    return children


def lore_pages(env: BuildEnvironment) -> list[str]:
    """Return the documents of the project that are Lore XHTML pages."""
    return [name for name in env.found_docs
            if str(env.doc2path(name, base=False)).endswith(SOURCE_SUFFIX)]


def refresh(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
            removed: set[str]) -> list[str]:
    """``env-get-outdated``: recompute the navigation; re-read the pages whose part changed."""
    old: dict[str, list[str]] = getattr(env, "lore_navigation", {})
    new = plan(Path(app.srcdir), lore_pages(env), app.config.root_doc)
    env.lore_navigation = new
    return [page for page in set(old) | set(new)
            if old.get(page) != new.get(page) and page in env.found_docs]


def children(env: BuildEnvironment, docname: str) -> list[str]:
    """Return the pages ``docname`` lists in the navigation."""
    return getattr(env, "lore_navigation", {}).get(docname, [])
