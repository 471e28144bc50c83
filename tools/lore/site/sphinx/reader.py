"""Reading Lore XHTML for Sphinx through lore's own safe reader (no DTD, no network).

A translated page is read with the lines of its source: warnings name the line a translator's
reader would look at in the source document, whatever lines the translations added or removed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from lxml import etree

from lore import xhtml

XHTMLError = xhtml.XHTMLError
#: The processing instruction the site's translation puts before each message it left in the
#: source language (``<?lore-source fuzzy?>``), and the element it becomes in the parsed tree.
SOURCE_PI = "lore-source"
SOURCE_MARK = "{urn:lore}source"


def parse(source: str | bytes, path: str, original: str | None = None) -> etree._Element:
    """Check and parse a document into its root element, comments and PIs left out.

    Each ``lore-source`` processing instruction becomes a ``SOURCE_MARK`` element.

    Named XHTML entities resolve from lore's built-in table; a bad document raises
    `XHTMLError` with its line. When ``source`` is a translation of ``original``, every
    element carries the line of its counterpart in ``original``.
    """
    root = _tree(source, path)
    if original is not None and original != source:
        restore_source_lines(root, _tree(original, path))
    for instruction in list(root.iter(etree.ProcessingInstruction)):
        if instruction.target == SOURCE_PI:
            mark = etree.Element(SOURCE_MARK, why=(instruction.text or "").strip())
            mark.tail = instruction.tail
            mark.sourceline = instruction.getparent().sourceline
            instruction.addprevious(mark)
            instruction.tail = None
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return root


def _tree(source: str | bytes, path: str) -> etree._Element:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return xhtml.parse_tree(xhtml.parse_source(data, path).text, path)


def _identity(element: etree._Element) -> Hashable:
    """What a translation keeps of an element: its name and its untranslated attributes."""
    kept = tuple(sorted((name, value) for name, value in element.attrib.items()
                        if etree.QName(name).localname not in xhtml.TRANSLATED_ATTRIBUTES))
    return element.tag, kept


def restore_source_lines(translated: etree._Element, source: etree._Element) -> None:
    """Give each element of a translated tree the source line of the element it stands for.

    A translation keeps the elements of each message (``lore check`` makes sure), maybe in
    another order, so the k-th element of a given identity in the translated page is the k-th
    of that identity in the source. An element without a counterpart takes the line of the
    element before it.
    """
    lines: dict[Hashable, list[int]] = defaultdict(list)
    for element in source.iter(tag=etree.Element):
        lines[_identity(element)].append(element.sourceline)
    seen: dict[Hashable, int] = defaultdict(int)
    previous = 1
    for element in translated.iter(tag=etree.Element):
        identity = _identity(element)
        found = lines.get(identity, [])
        if seen[identity] < len(found):
            previous = found[seen[identity]]
        seen[identity] += 1
        element.sourceline = previous


def local_name(element: etree._Element) -> str:
    """Return the tag of ``element`` without the XHTML namespace, lower-cased."""
    return etree.QName(element).localname.lower()


def classes(element: etree._Element) -> list[str]:
    """Return the class names of ``element``."""
    return element.get("class", "").split()
