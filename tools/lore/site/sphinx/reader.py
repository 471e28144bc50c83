"""Reading Lore XHTML for Sphinx through lore's own safe reader (no DTD, no network)."""

from __future__ import annotations

from lxml import etree

from lore import xhtml

XHTMLError = xhtml.XHTMLError


def parse(source: str | bytes, path: str) -> etree._Element:
    """Check and parse a document into its root element, comments and PIs left out.

    Named XHTML entities resolve from lore's built-in table; a bad document raises
    `XHTMLError` with its line.
    """
    data = source.encode("utf-8") if isinstance(source, str) else source
    root = xhtml.parse_tree(xhtml.parse_source(data, path).text, path)
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return root


def local_name(element: etree._Element) -> str:
    """Return the tag of ``element`` without the XHTML namespace, lower-cased."""
    return etree.QName(element).localname.lower()


def classes(element: etree._Element) -> list[str]:
    """Return the class names of ``element``."""
    return element.get("class", "").split()
