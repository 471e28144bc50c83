"""Lore XHTML: reading a document safely and cutting it into translatable messages.

The segmentation follows po4a 0.69's xhtml module rule for rule, because
catalogs made with po4a are keyed by its exact msgids: which tags are blocks
and which stay inline, what whitespace is stripped or folded, which line a
message is referenced at.  Extraction and translation both use it, so the two
can never disagree about what a message is.

po4a reads a document as a stream of line pieces ("chunks"); a few of its
rules (the reference line, the blank lines dropped at the top of a ``<pre>``)
are defined on those chunks, so this module keeps them: a chunk is a range of
the source that never crosses the end of a line.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

#: Elements that stay inside the message of their block (po4a's xhtml ``inline`` list).
INLINE_TAGS = frozenset(
    "a abbr acronym b big bdo button cite code del dfn em i ins input kbd label object q"
    " samp select small span strong sub sup textarea tt u var".split()
)
#: Elements whose content is a message kept as is, line by line (po4a's ``W<pre>``).
NO_WRAP_TAGS = frozenset({"pre"})
#: Attributes offered to translators, on any element.
TRANSLATED_ATTRIBUTES = frozenset({"alt", "lang", "title"})

#: What po4a's Perl regexes call ``\s`` on its byte strings.
WHITESPACE = " \t\n\r\f\v"

# Named entities of XHTML 1.0 (those of HTML 4 plus &apos;), resolved without any DTD.
XHTML_ENTITIES = {**html.entities.name2codepoint, "apos": 0x27}
_XML_PREDEFINED = frozenset({"lt", "gt", "amp", "quot", "apos"})
_ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(\[(?P<subset>.*?)\]\s*)?>", re.S)
_EXTERNAL_ID = re.compile(r"\b(SYSTEM|PUBLIC)\b")


class XHTMLError(Exception):
    """A document that cannot be read: names the file, and the line and column when known."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Source:
    """A document's text (line ends normalized to ``\\n``) and the path it is referenced by."""

    path: str
    text: str
    line_starts: tuple[int, ...] = field(repr=False, default=())

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)


@dataclass(frozen=True)
class Segment:
    """One message of a document, where it comes from, and the source range it replaces."""

    msgid: str
    kind: str
    line: int
    wrap: bool
    start: int
    end: int
    comments: str | None = None

    @property
    def is_attribute(self) -> bool:
        """True for an attribute value (``alt``, ``title``, ``lang``), not element content."""
        return self.kind.startswith("Attribute ")


@dataclass(frozen=True)
class SegmentOptions:
    """Choices that differ from po4a's defaults; the defaults reproduce po4a exactly."""

    #: ``<pre>`` classes whose content (code, sessions) is not offered to translators.
    skip_pre_classes: frozenset[str] = frozenset()


# --- reading ---------------------------------------------------------------------------------


def read_source(path: str | Path) -> Source:
    """Read ``path`` as a UTF-8 XHTML document, check it is well formed, and return it."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise XHTMLError(name, "no such file") from None
    except IsADirectoryError:
        raise XHTMLError(name, "is a directory, not a document") from None
    except OSError as error:
        raise XHTMLError(name, error.strerror or str(error)) from None
    return parse_source(data, name)


def parse_source(data: bytes, path: str) -> Source:
    """Decode and check the bytes of a document named ``path``; raise :class:`XHTMLError`."""
    text = _decode(data, path)
    if not text.strip(WHITESPACE):
        raise XHTMLError(path, "empty document")
    text = text.replace("\r\n", "\n")
    _check_doctype(text, path)
    check_well_formed(text, path)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return Source(path=path, text=text, line_starts=tuple(starts))


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise XHTMLError(path, "not valid UTF-8 (lore reads UTF-8 only)", line, column) from None


def _check_doctype(text: str, path: str) -> None:
    """Refuse entity declarations: lore never fetches a DTD nor expands declared entities."""
    match = _DOCTYPE.search(text)
    if not match or not match.group("subset"):
        return
    subset = match.group("subset")
    declaration = re.search(r"<!ENTITY\b[^>]*>", subset)
    if declaration is None:
        return
    offset = match.start("subset") + declaration.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    if _EXTERNAL_ID.search(declaration.group()):
        reason = "external entity declared in the DOCTYPE; lore never loads external entities"
    else:
        reason = "entity declared in the DOCTYPE; lore does not expand declared entities"
    raise XHTMLError(path, reason, line, column)


def _numeric_reference(match: re.Match[str]) -> str:
    """Turn ``&name;`` into a character reference of the same length where possible."""
    name = match.group(1)
    if name in _XML_PREDEFINED or name not in XHTML_ENTITIES:
        return match.group()
    digits = str(XHTML_ENTITIES[name])
    width = len(match.group()) - 3
    return f"&#{digits.zfill(width)};"


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def check_well_formed(text: str, path: str) -> None:
    """Raise :class:`XHTMLError` at the first well-formedness error of ``text``."""
    parse_tree(text, path)


def parse_tree(text: str, path: str) -> etree._Element:
    """Parse ``text`` with lxml, XHTML entities resolved from the built-in table, no DTD."""
    resolved = _ENTITY_REF.sub(_numeric_reference, text)
    try:
        return etree.fromstring(resolved.encode("utf-8"), _xml_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = error.msg
        # lxml prefixes some messages with its own position; keep only the sentence.
        message = re.sub(r",\s*line \d+, column \d+\s*$", "", message)
        raise XHTMLError(path, message, line, column + 1 if column is not None else None) from None


# --- segmentation ----------------------------------------------------------------------------

Chunk = tuple[int, int]


@dataclass
class _Element:
    name: str
    classes: frozenset[str] = frozenset()


class _Segmenter:
    """po4a's Xml.pm main loop: alternately a run of content, then one breaking tag."""

    def __init__(self, source: Source, options: SegmentOptions):
        self.source = source
        self.text = source.text
        self.options = options
        self.pos = 0
        self.path: list[_Element] = []
        self.comments: list[str] = []
        self.segments: list[Segment] = []

    def run(self) -> list[Segment]:
        eof = False
        while not eof:
            eof = self.treat_content()
            if not eof:
                eof = self.treat_tag()
        return self.segments

    # -- stream helpers --

    def chunks(self, start: int, end: int, before_tag: bool) -> list[Chunk]:
        """Split ``[start, end)`` at line ends, as po4a's line stream does.

        Text that stops at a ``<`` leaves a (possibly empty) piece on the tag's line.
        """
        pieces: list[Chunk] = []
        while start < end:
            newline = self.text.find("\n", start, end)
            if newline == -1:
                break
            pieces.append((start, newline + 1))
            start = newline + 1
        if start < end or before_tag:
            pieces.append((start, end))
        return pieces

    def take_text(self) -> tuple[bool, list[Chunk]]:
        """Consume the text up to the next ``<``; return (end of stream, its chunks)."""
        start = self.pos
        if start >= len(self.text):
            return True, []
        lt = self.text.find("<", start)
        if lt == -1:
            self.pos = len(self.text)
            return True, self.chunks(start, len(self.text), before_tag=False)
        self.pos = lt
        return False, self.chunks(start, lt, before_tag=True)

    def tag_end(self, start: int) -> int:
        """Return the offset just past the first ``>`` after ``start`` outside quotes."""
        text = self.text
        i = start
        while True:
            i = _next_of(text, "\"'>", i)
            if i == -1:
                return len(text)
            if text[i] == ">":
                return i + 1
            close = text.find(text[i], i + 1)
            if close == -1:
                return len(text)
            i = close + 1

    def tag_kind(self, start: int) -> tuple[str, int]:
        """Classify the tag at ``start`` as po4a's tag_type does; return (kind, end offset)."""
        text = self.text
        if text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            return "comment", (len(text) if end == -1 else end + 3)
        if text.startswith("<!DOCTYPE", start):
            return "doctype", self.doctype_end(start)
        if text.startswith("<![CDATA[", start):
            end = text.find("]]>", start)
            return "cdata", (len(text) if end == -1 else end + 3)
        end = self.tag_end(start)
        if text.startswith("<?", start) and text.startswith("?>", end - 2):
            return ("xmlhead" if text.startswith("<?xml", start) else "pi"), end
        if text.startswith("</", start):
            return "close", end
        if text.startswith("/>", end - 2):
            return "alone", end
        return "open", end

    def doctype_end(self, start: int) -> int:
        end = self.tag_end(start)
        if re.search(r"<.*\[.*<", self.text[start:end], re.S):
            match = re.compile(r"\]\s*>").search(self.text, start)
            end = match.end() if match else len(self.text)
        return end

    def tag_name(self, start: int, kind: str) -> str:
        offset = start + (2 if kind == "close" else 1)
        match = re.compile(r"[^\s>/]*").match(self.text, offset)
        return match.group() if match else ""

    def is_breaking(self, kind: str, start: int) -> bool:
        if kind in ("comment", "pi"):
            return False
        if kind in ("xmlhead", "doctype", "cdata"):
            return True
        if kind == "close":
            return not (self.path and self.path[-1].name in INLINE_TAGS)
        return self.tag_name(start, kind) not in INLINE_TAGS

    # -- po4a's treat_content: text and inline tags up to the next breaking tag --

    def treat_content(self) -> bool:
        eof, paragraph = self.take_text()
        while not eof:
            kind, end = self.tag_kind(self.pos)
            if self.is_breaking(kind, self.pos):
                break
            start = self.pos
            self.pos = end
            if kind == "comment":
                self.comments.append(self.text[start + 4 : end - 3])
            else:
                self.track_inline(kind, start)
                paragraph.extend(self.chunks(start, end, before_tag=False))
            eof, more = self.take_text()
            paragraph.extend(more)
        self.translate_paragraph(paragraph)
        return eof

    def track_inline(self, kind: str, start: int) -> None:
        if kind == "open":
            self.path.append(_Element(self.tag_name(start, kind)))
        elif kind == "close":
            self.path.pop()

    def translate_paragraph(self, paragraph: list[Chunk]) -> None:
        wrap = not (self.path and self.path[-1].name in NO_WRAP_TAGS)
        if wrap:
            paragraph = self.strip(paragraph)
        else:
            paragraph = self.drop_leading_blank_lines(paragraph)
        comments = "\n".join(self.comments) if self.comments else None
        self.comments = []
        if not paragraph:
            return
        start, end = paragraph[0][0], paragraph[-1][1]
        message = "".join(self.text[s:e] for s, e in paragraph)
        self.emit(message, f"Content of: {self.path_text()}", start, end, wrap, comments)

    def strip(self, paragraph: list[Chunk]) -> list[Chunk]:
        """Drop the whitespace at both ends of a paragraph (po4a's default, not for ``<pre>``)."""
        text = self.text
        chunks = list(paragraph)
        while chunks:
            s, e = chunks[0]
            first = _first_non_space(text, s, e)
            if first == -1:
                chunks.pop(0)
            else:
                chunks[0] = (first, e)
                break
        while chunks:
            s, e = chunks[-1]
            last = _last_non_space(text, s, e)
            if last == -1:
                chunks.pop()
            else:
                chunks[-1] = (s, last + 1)
                break
        return chunks

    def drop_leading_blank_lines(self, paragraph: list[Chunk]) -> list[Chunk]:
        """Drop the blank line pieces at the top of a ``<pre>`` (po4a's ``^\\s*\\n`` rule)."""
        text = self.text
        index = 0
        while index < len(paragraph):
            s, e = paragraph[index]
            if e > s and text[e - 1] == "\n" and _first_non_space(text, s, e) == -1:
                index += 1
            else:
                break
        return paragraph[index:]

    # -- po4a's treat_tag: one breaking tag --

    def treat_tag(self) -> bool:
        start = self.pos
        kind, end = self.tag_kind(start)
        self.pos = end
        if kind == "cdata":
            self.treat_cdata(start, end)
        elif kind == "close":
            self.close_element(self.tag_name(start, kind))
        elif kind in ("open", "alone"):
            name = self.tag_name(start, kind)
            self.path.append(_Element(name, self.classes_of(start, end)))
            self.treat_attributes(start + 1 + len(name), end)
            if kind == "alone":
                self.path.pop()
        return self.pos >= len(self.text)

    def close_element(self, name: str) -> None:
        """Pop ``name`` from the path, and any unclosed elements above it (optional closing)."""
        names = [element.name for element in self.path]
        if name in names:
            del self.path[len(names) - 1 - names[::-1].index(name) :]

    def classes_of(self, start: int, end: int) -> frozenset[str]:
        match = re.compile(r"""\sclass\s*=\s*(["'])(.*?)\1""", re.S).search(self.text, start, end)
        return frozenset(match.group(2).split()) if match else frozenset()

    def treat_attributes(self, start: int, end: int) -> None:
        for name, value_start, value_end in _attributes(self.text, start, end):
            if name not in TRANSLATED_ATTRIBUTES:
                continue
            value = self.text[value_start:value_end]
            kind = f"Attribute '{name}' of: {self.path_text()}"
            self.emit(value, kind, value_start, value_end, True, None)

    def treat_cdata(self, start: int, end: int) -> None:
        pieces = self.chunks(start + len("<![CDATA["), end - 3, before_tag=False)
        if not pieces:
            return
        first = pieces[0]
        s = first[0]
        while s < first[1] and self.text[s] in WHITESPACE:
            s += 1
        pieces[0] = (s, first[1])
        last_s, last_e = pieces[-1]
        while last_e > last_s and self.text[last_e - 1] in WHITESPACE:
            last_e -= 1
        pieces[-1] = (last_s, last_e)
        message = "".join(self.text[a:b] for a, b in pieces)
        self.emit(message, "CDATA", pieces[0][0], pieces[-1][1], False, None)

    # -- output --

    def path_text(self) -> str:
        if not self.path:
            return "outside any tag (error?)"
        return "<" + "><".join(element.name for element in self.path) + ">"

    def emit(
        self, message: str, kind: str, start: int, end: int, wrap: bool, comments: str | None
    ) -> None:
        if not message.strip(WHITESPACE):
            return
        skip = self.options.skip_pre_classes
        if skip and any(e.name == "pre" and e.classes & skip for e in self.path):
            return
        msgid = canonize(message) if wrap else message
        line = self.source.line_of(start)
        self.segments.append(Segment(msgid, kind, line, wrap, start, end, comments))


def _next_of(text: str, characters: str, start: int) -> int:
    """Return the offset of the first of ``characters`` in ``text`` from ``start``, or -1."""
    found = [i for i in (text.find(c, start) for c in characters) if i != -1]
    return min(found) if found else -1


def _first_non_space(text: str, start: int, end: int) -> int:
    for i in range(start, end):
        if text[i] not in WHITESPACE:
            return i
    return -1


def _last_non_space(text: str, start: int, end: int) -> int:
    for i in range(end - 1, start - 1, -1):
        if text[i] not in WHITESPACE:
            return i
    return -1


_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attributes(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Yield (name, value start, value end) of each attribute with a value in a tag's text."""
    for match in _ATTRIBUTE.finditer(text, start, end):
        for group in (2, 3, 4):
            if match.group(group) is not None:
                yield match.group(1), match.start(group), match.end(group)
                break


def canonize(text: str) -> str:
    """Fold whitespace as po4a does for wrapped messages (two spaces kept after ``.`` or ``)``)."""
    text = text.lstrip(" ")
    text = re.sub(r"^[ \t]+", "  ", text, flags=re.M)
    if text != "\n":
        text = text.replace("\n", "  ")
    text = re.sub(r"([.)])  +", r"\1  ", text)
    text = re.sub(r"([^.)])  *", r"\1 ", text)
    return text.rstrip(" ")


def segments(source: Source, options: SegmentOptions | None = None) -> list[Segment]:
    """Return the messages of ``source`` in document order, as po4a's xhtml module finds them."""
    return _Segmenter(source, options or SegmentOptions()).run()
