"""A page as ``lore lint`` sees it: elements and runs of text, each with its line and column.

expat reports where each start tag begins and where each run of text ends, in characters, so
positions come from the source as written. A page is read by the shared reader
(`lore.xhtml.read_source`: UTF-8), and this tree is built from the text it returns, with
XHTML's named entities taken from the built-in table and no DTD loaded; this parse is the
well-formedness check (one parse, not two), refusing a DOCTYPE's internal subset as the
reader does, and the reader words any error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple
from xml.parsers import expat

from lore import xhtml

# An entity or character reference that ends where a search's ``endpos`` is.
_REFERENCE_BEFORE = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));\Z")
_LONGEST_REFERENCE = 16


def _referenced(match: re.Match[str]) -> str | None:
    """The character a reference stands for (None: unknown)."""
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        code = xhtml.xhtml_entities().get(name)
        return None if code is None else chr(code)
    return chr(int(decimal) if decimal is not None else int(hexadecimal, 16))


def place(source: xhtml.Source, offset: int) -> tuple[int, int]:
    """The line and column (1-based) of an offset in the page's source."""
    line = source.line_of(offset)
    return line, offset - source.line_starts[line - 1] + 1


class Text(NamedTuple):
    """A run of character data and the source offset where it ends (where the next tag is).

    expat hands text over in whole runs, which is twice as fast as line by line, but tells only
    where a run ends; where each character starts is found from there, walking the source back
    (only for the few runs a finding is about), stretch by stretch between references.
    """

    data: str
    end: int

    def positions(self, source: xhtml.Source) -> Iterator[tuple[str, int, int]]:
        """Yield each character with its line and column (a reference: at its ``&``)."""
        for char, offset in zip(self.data, self.offsets(source.text), strict=True):
            yield (char, *place(source, offset))

    def offsets(self, text: str) -> list[int]:
        """The offset in ``text`` (the page's source) of each character of the run."""
        data, position = self.data, self.end
        start = position - len(data)
        if text[start:position] == data:  # no reference in the run: the common case
            return list(range(start, position))
        offsets: list[int] = []  # from the last character back
        left = len(data)  # characters not placed yet
        while left:
            # What follows the last ";" holds no reference: the run's text as written, placed at
            # once (else it held markup expat does not report, and is placed char by char).
            plain = min(left, position - 1 - text.rfind(";", 0, position))
            if plain and text[position - plain:position] != data[left - plain:left]:
                _walk_back(data[:left], text, position, offsets)
                break
            offsets.extend(range(position - 1, position - plain - 1, -1))
            position, left = position - plain, left - plain
            if left:
                position, left = _walk_back(data[left - 1], text, position, offsets), left - 1
        return offsets[::-1]


def _walk_back(data: str, text: str, position: int, offsets: list[int]) -> int:
    """Place the characters of ``data``, which ends at ``position`` of ``text``, one by one from
    the last, adding their offsets to ``offsets``; return where the first one starts."""
    for char in reversed(data):
        reference = text[position - 1] == ";" and _REFERENCE_BEFORE.search(
            text, max(position - _LONGEST_REFERENCE, 0), position)
        if reference and _referenced(reference) == char:
            position = reference.start()
        elif position > 0 and text[position - 1] == char:
            position -= 1
        # else the run held markup expat does not report (a CDATA section): keep the place
        offsets.append(position)
    return position


class Element:
    """An element: its tag, attributes, content (elements and text runs) and start tag's place.

    Made by `parse` field by field (no ``__init__``: one call fewer for each of a page's
    thousands of elements).
    """

    __slots__ = ("attrs", "column", "content", "in_code", "line", "silenced", "tag")
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    content: list[Element | Text]
    silenced: bool  # hlint="off" on the element or around it: no finding on it or inside it
    in_code: bool  # inside <pre> or <code>: text that is code, not prose

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute's value (as lxml's ``get``)."""
        return self.attrs.get(name, default)

    @property
    def classes(self) -> list[str]:
        """The names in the ``class`` attribute."""
        return self.attrs.get("class", "").split()

    def children(self) -> Iterator[Element]:
        """The child elements."""
        return (node for node in self.content if isinstance(node, Element))

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and every element in it, in document order (of ``tag`` only if given)."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children():
            yield from child.iter(tag)

    def texts(self) -> Iterator[Text]:
        """Every text run inside the element, in document order."""
        for node in self.content:
            if isinstance(node, Text):
                yield node
            else:
                yield from node.texts()

    def itertext(self) -> Iterator[str]:
        """The element's text, piece by piece (as lxml's ``itertext``)."""
        return (run.data for run in self.texts())

    def text(self) -> str:
        """The element's text with runs of white space folded to one space, stripped."""
        return " ".join("".join(self.itertext()).split())


_CODE_TAGS = frozenset({"pre", "code"})  # their text is code, not prose


def _element(tag: str, attrs: dict[str, str], line: int, column: int, silenced: bool,
             in_code: bool) -> Element:
    """An element with no content yet."""
    element = object.__new__(Element)
    element.tag, element.attrs, element.line, element.column = tag, attrs, line, column
    element.content, element.silenced, element.in_code = [], silenced, in_code
    return element


def parse(source: xhtml.Source) -> list[Element]:
    """Build the positioned tree of a page that `lore.xhtml.read_source` read; return its
    elements in document order (the root first), which the checks walk many times.

    A page that is not well formed raises the shared reader's :class:`lore.xhtml.XHTMLError`.
    """
    parser = expat.ParserCreate("utf-8")
    # A named entity is then "skipped" (handed to us) instead of an error, and no DTD is read.
    parser.UseForeignDTD(True)
    parser.buffer_text = True  # runs of text come whole, at their end
    # The bottom of the stack holds what lies outside the root element (nothing but space).
    stack: list[Element] = [_element("", {}, 1, 1, False, False)]
    elements: list[Element] = []
    line_starts, new_text, new_element = source.line_starts, tuple.__new__, object.__new__

    def start(tag: str, attrs: dict[str, str]) -> None:
        # Called once an element: _element inlined.
        parent = stack[-1]
        element = new_element(Element)
        element.tag = tag
        element.attrs = attrs
        element.line = parser.CurrentLineNumber
        element.column = parser.CurrentColumnNumber + 1
        element.content = []
        element.silenced = parent.silenced or attrs.get("hlint") == "off"
        element.in_code = parent.in_code or tag in _CODE_TAGS
        parent.content.append(element)
        elements.append(element)
        stack.append(element)

    def here() -> int:
        return line_starts[parser.CurrentLineNumber - 1] + parser.CurrentColumnNumber

    def text(data: str) -> None:
        # Called once a run: inlined, and tuple.__new__ rather than the named tuple's own.
        stack[-1].content.append(new_text(Text, (
            data, line_starts[parser.CurrentLineNumber - 1] + parser.CurrentColumnNumber)))

    def refuse_declarations(name: str, system_id: str | None, public_id: str | None,
                            has_internal_subset: int) -> None:
        # The shared reader refuses every internal subset (and words why): fail, and let it.
        if has_internal_subset:
            raise expat.ExpatError("internal subset in the DOCTYPE")

    def refuse_external(*ignored: object) -> int:
        raise expat.ExpatError("external entity reference")

    def entity(name: str, is_parameter: int) -> None:
        code = xhtml.xhtml_entities().get(name)
        if code is None:
            raise expat.ExpatError(f"undefined entity &{name};")
        stack[-1].content.append(Text(chr(code), here() + len(name) + 2))

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: stack.pop()
    parser.CharacterDataHandler = text
    parser.SkippedEntityHandler = entity
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.ExternalEntityRefHandler = refuse_external
    # Markup that is not an element ends a run of text too (a handler makes expat say so).
    parser.CommentHandler = parser.ProcessingInstructionHandler = lambda *markup: None
    parser.StartCdataSectionHandler = parser.EndCdataSectionHandler = lambda: None
    try:
        parser.Parse(source.text.encode("utf-8"), True)
    except expat.ExpatError as error:
        # The shared reader says what is wrong, in the words and at the place it always does.
        xhtml.check_well_formed(source.text, source.path)
        raise xhtml.XHTMLError(source.path, str(error), error.lineno, error.offset + 1) from None
    finally:
        # The handlers refer to the parser: a cycle, which would keep the whole tree until the
        # process ends (lint runs without the cycle collector). The tree is freed with its page.
        parser.StartElementHandler = parser.CharacterDataHandler = None
        parser.SkippedEntityHandler = None
    return elements
