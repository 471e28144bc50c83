"""Safe reading of Lore XHTML: no DTD, no network, named entities from a built-in table."""

from __future__ import annotations

import html.entities

from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"


class XHTMLError(ValueError):
    """A Lore XHTML source that is not well formed."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def entity_text(entity: etree._Entity) -> str:
    """Return the character an XHTML named entity stands for (the reference itself if unknown)."""
    name = entity.name
    if name in html.entities.name2codepoint:
        return chr(html.entities.name2codepoint[name])
    return entity.text


def parse(source: str | bytes) -> etree._Element:
    """Parse ``source`` into its root element, raising `XHTMLError` with a line on bad input."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise XHTMLError(error.msg, error.lineno or 0) from error
    for entity in list(root.iter(etree.Entity)):
        _replace_entity(entity)
    return root


def _replace_entity(entity: etree._Entity) -> None:
    """Replace an entity reference node by its character, merged into the surrounding text."""
    text = entity_text(entity) + (entity.tail or "")
    previous = entity.getprevious()
    parent = entity.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(entity)


def local_name(element: etree._Element) -> str:
    """Return the tag of ``element`` without the XHTML namespace, lower-cased."""
    return etree.QName(element).localname.lower()


def classes(element: etree._Element) -> list[str]:
    """Return the class names of ``element``."""
    return element.get("class", "").split()
