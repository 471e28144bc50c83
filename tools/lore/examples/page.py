"""The runnable parts of a howto page: example blocks, listing links and API references."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from lore import xhtml

XHTML = "{http://www.w3.org/1999/xhtml}"
EXAMPLE_CLASSES = ("python-interpreter", "shell")


@dataclass(frozen=True)
class Block:
    """A ``<pre>`` whose content runs: a doctest session or a shell transcript."""

    kind: str
    line: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """A ``<a class="py-listing">`` link to a file under examples/."""

    href: str
    line: int


@dataclass(frozen=True)
class ApiRef:
    """An API reference (``<code class="API">``, see `lore.xhtml.is_api_class`), resolved."""

    name: str
    line: int


@dataclass(frozen=True)
class Page:
    """Everything the example runner needs from one page."""

    path: Path
    blocks: list[Block]
    listings: list[Listing]
    api_refs: list[ApiRef]


def _classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def _local(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(XHTML)


def read_page(path: Path) -> Page:
    """Return the example blocks, listing links and API references of the page ``path``.

    The page is read by lore's one checked reader (`lore.xhtml.read_tree`).
    """
    root = xhtml.read_tree(path)
    blocks: list[Block] = []
    listings: list[Listing] = []
    refs: list[ApiRef] = []
    for element in root.iter():
        tag, classes = _local(element), _classes(element)
        if tag == "pre" and classes and classes[0] in EXAMPLE_CLASSES:
            attrs = {k: v for k, v in element.attrib.items() if k.startswith("data-")}
            blocks.append(Block(classes[0], element.sourceline, "".join(element.itertext()), attrs))
        elif tag == "a" and "py-listing" in classes:
            listings.append(Listing(element.get("href") or "", element.sourceline))
        elif tag in ("code", "a") and xhtml.is_api_class(element.get("class", "")):
            refs.append(ApiRef(xhtml.api_name(element), element.sourceline))
    return Page(path, blocks, listings, refs)
