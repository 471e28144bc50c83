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
import functools
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from xml.parsers import expat

if TYPE_CHECKING:
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

# A named entity reference other than XML's own five, which every XML parser knows.
_ENTITY_REF = re.compile(r"&(?!(?:lt|gt|amp|quot|apos);)([A-Za-z][A-Za-z0-9]*);")


def is_api_class(class_attribute_value: str) -> bool:
    """Tell whether a ``class`` attribute value marks an API reference (``API``, any case)."""
    return any(name.lower() == "api" for name in class_attribute_value.split())


def api_name(element: etree._Element) -> str:
    """Return the full dotted name an API reference names (``base`` + text, or the text).

    Any element with lxml's ``get`` and ``itertext`` will do (``lore lint`` has its own tree).
    """
    text = "".join(element.itertext()).strip()
    base = (element.get("base") or "").strip()
    return f"{base}.{text}" if base else text


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


class Source(NamedTuple):
    """A document's text (line ends normalized to ``\\n``) and the path it is referenced by."""

    path: str
    text: str
    line_starts: tuple[int, ...] = ()

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)


class Segment(NamedTuple):
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


class SegmentOptions(NamedTuple):
    """Choices that differ from po4a's defaults; the defaults reproduce po4a exactly."""

    #: ``<pre>`` classes whose content (code, sessions) is not offered to translators.
    skip_pre_classes: frozenset[str] = frozenset()


# --- reading ---------------------------------------------------------------------------------


def read_source(path: str | Path, well_formed: bool = True) -> Source:
    """Read ``path`` as a UTF-8 XHTML document, check it is well formed, and return it.

    ``well_formed=False`` skips that check, for a reader that parses the text anyway: that
    check is also what refuses DTD declarations, so the reader's own parse must fail on any
    internal subset or external entity, and it must call :func:`check_well_formed` when it
    fails, so that errors (and refusals) read the same.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise XHTMLError(name, "no such file") from None
    except IsADirectoryError:
        raise XHTMLError(name, "is a directory, not a document") from None
    except OSError as error:
        raise XHTMLError(name, error.strerror or str(error)) from None
    return parse_source(data, name, well_formed)


def parse_source(data: bytes, path: str, well_formed: bool = True) -> Source:
    """Decode and check the bytes of a document named ``path``; raise :class:`XHTMLError`."""
    text = _decode(data, path)
    if not text.strip(WHITESPACE):
        raise XHTMLError(path, "empty document")
    text = text.replace("\r\n", "\n")
    if well_formed:
        check_well_formed(text, path)
    line_lengths = map(len, text.split("\n")[:-1])
    starts = itertools.accumulate(map((1).__add__, line_lengths), initial=0)
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


@functools.cache
def xhtml_entities() -> dict[str, int]:
    """The named entities of XHTML 1.0 (HTML 4's, plus ``&apos;``), resolved without any DTD."""
    import html.entities

    return {**html.entities.name2codepoint, "apos": 0x27}


def _numeric_reference(match: re.Match[str]) -> str:
    """Turn ``&name;`` into a character reference of the same length where possible."""
    name = match.group(1)
    if name not in xhtml_entities():
        return match.group()
    digits = str(xhtml_entities()[name])
    width = len(match.group()) - 3
    return f"&#{digits.zfill(width)};"


def resolve_entities(text: str) -> str:
    """Replace XHTML named entities by character references, so no parser needs the DTD."""
    return _ENTITY_REF.sub(_numeric_reference, text) if "&" in text else text


def check_well_formed(text: str, path: str) -> None:
    """Raise :class:`XHTMLError` at the first well-formedness error of ``text``.

    expat checks it (fast to load, which matters for ``lore extract``). It is the one judge of
    what a DOCTYPE declares, so no pattern can be fooled by a ``]>`` in a quoted value, a
    comment or a processing instruction: an entity declaration (general or parameter, internal
    or external) is refused where the parser meets it, any other internal subset after it, and
    an entity it cannot resolve is an error. It never reads a DTD or an external entity.
    """
    data = resolve_entities(text).encode("utf-8")
    parser = expat.ParserCreate("utf-8", " ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity_declared(name: str, is_parameter: int, value: str | None, base: str | None,
                        system_id: str | None, *ignored: object) -> None:
        line, column = _position(data, data.rfind(b"<!ENTITY", 0, parser.CurrentByteIndex + 1))
        if system_id is not None:
            reason = "external entity declared in the DOCTYPE; lore never loads external entities"
        else:
            reason = "entity declared in the DOCTYPE; lore does not expand declared entities"
        raise XHTMLError(path, reason, line, column)

    def undefined_entity(name: str, is_parameter: int) -> None:
        sign = "%" if is_parameter else "&"
        raise XHTMLError(
            path, f"undefined entity {sign}{name};", parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    def doctype_started(name: str, system_id: str | None, public_id: str | None,
                        has_internal_subset: int) -> None:
        if has_internal_subset:
            subset_at.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

    def doctype_ended() -> None:
        if subset_at:
            raise XHTMLError(path, "internal subset in the DOCTYPE; lore reads no DTD declarations",
                             *subset_at[0])

    def external_entity(*ignored: object) -> int:
        raise XHTMLError(path, "external entity reference; lore never loads external entities",
                         parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    subset_at: list[tuple[int, int]] = []
    parser.StartDoctypeDeclHandler = doctype_started
    parser.EndDoctypeDeclHandler = doctype_ended
    parser.EntityDeclHandler = entity_declared
    parser.SkippedEntityHandler = undefined_entity
    parser.ExternalEntityRefHandler = external_entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        parse_tree(text, path)  # lxml words most errors better: let it speak when it agrees
        message = expat.ErrorString(error.code)
        raise XHTMLError(path, message, error.lineno, error.offset + 1) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the byte ``offset`` of UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def read_tree(path: str | Path) -> etree._Element:
    """Read ``path`` as :func:`read_source` does (every check), then parse it with lxml."""
    return parse_tree(read_source(path).text, str(path))


def parse_tree(text: str, path: str) -> etree._Element:
    """Parse ``text`` with lxml, XHTML entities resolved from the built-in table, no DTD."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(resolve_entities(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = error.msg
        # lxml prefixes some messages with its own position; keep only the sentence.
        message = re.sub(r",\s*line \d+, column \d+\s*$", "", message)
        raise XHTMLError(path, message, line, column + 1 if column is not None else None) from None


# --- segmentation ----------------------------------------------------------------------------

# A piece of a paragraph: (start, end, ends_before_tag). Text that stops at a ``<`` leaves, in
# po4a's line stream, a (possibly empty) piece on the tag's line; that matters in ``<pre>``.
Piece = tuple[int, int, bool]

_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<!DOCTYPE\b"""
    r"""|<!\[CDATA\[.*?\]\]>"""
    r"""|<(?P<close>/)?(?P<name>[^\s>/"']*)(?:[^>"']+|"[^"]*"|'[^']*')*>""",
    re.S,
)
_MAYBE_TRANSLATED_ATTRIBUTE = re.compile(r"(?:alt|lang|title)\s*=")
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(["'])(.*?)\1""", re.S)
_NON_SPACE = re.compile(r"[^ \t\n\r\f\v]")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


class _Tag(NamedTuple):
    """A markup token, classified as po4a's ``tag_type`` does."""

    kind: str  # comment, doctype, cdata, xmlhead, pi, close, alone or open
    start: int
    end: int
    name: str = ""


class _Element(NamedTuple):
    name: str
    classes: frozenset[str] = frozenset()


def _tokenize(text: str) -> list[_Tag]:
    """Return every tag, comment, declaration and CDATA section of ``text`` in order."""
    tags: list[_Tag] = []
    pos = 0
    while True:
        for match in _TOKEN.finditer(text, pos):
            tag = _classify(text, match)
            tags.append(tag)
            if tag.end != match.end():  # a DOCTYPE, which the pattern only starts
                pos = tag.end
                break
        else:
            return tags


def _classify(text: str, match: re.Match[str]) -> _Tag:
    start, end = match.span()
    second = text[start + 1]
    if second == "!":
        if text.startswith("<!--", start):
            return _Tag("comment", start, end)
        if text.startswith("<!DOCTYPE", start):
            return _Tag("doctype", start, _doctype_end(text, start))
        return _Tag("cdata", start, end)
    if second == "?" and text[end - 2] == "?":
        return _Tag("xmlhead" if text.startswith("<?xml", start) else "pi", start, end)
    if second == "/":
        return _Tag("close", start, end, match.group("name"))
    return _Tag("alone" if text[end - 2] == "/" else "open", start, end, match.group("name"))


def _doctype_end(text: str, start: int) -> int:
    match = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""").match(text, start)
    end = match.end() if match else len(text)
    if re.search(r"<.*\[.*<", text[start:end], re.S):
        subset_end = re.compile(r"\]\s*>").search(text, start)
        end = subset_end.end() if subset_end else len(text)
    return end


class _Segmenter:
    """po4a's Xml.pm main loop: alternately a run of content, then one breaking tag."""

    def __init__(self, source: Source, options: SegmentOptions):
        self.source = source
        self.text = source.text
        self.options = options
        self.tags = _tokenize(source.text)
        self.path: list[_Element] = []
        self.comments: list[str] = []
        self.segments: list[Segment] = []

    def run(self) -> list[Segment]:
        pos, index = 0, 0
        while pos < len(self.text):
            pos, index = self.treat_content(pos, index)
            if index == len(self.tags):
                break
            pos = self.treat_tag(self.tags[index])
            index += 1
        return self.segments

    # -- po4a's treat_content: text and inline tags up to the next breaking tag --

    def treat_content(self, pos: int, index: int) -> tuple[int, int]:
        """Gather one paragraph from ``pos``; return where the breaking tag (or the end) is.

        Comments and processing instructions never break a paragraph (po4a moves comments
        into the next message's extracted comments); inline elements stay in it; any other
        tag ends it.
        """
        tags, text, path = self.tags, self.text, self.path
        count = len(tags)
        paragraph = [(pos, tags[index].start, True) if index < count else (pos, len(text), False)]
        while index < count:
            tag = tags[index]
            kind = tag.kind
            if kind == "comment":
                self.comments.append(text[tag.start + 4 : tag.end - 3])
            elif kind == "pi":
                paragraph.append((tag.start, tag.end, False))
            elif kind == "open" or kind == "alone":
                if tag.name not in INLINE_TAGS:
                    break
                if kind == "open":
                    path.append(_Element(tag.name))
                paragraph.append((tag.start, tag.end, False))
            elif kind == "close":
                if not (path and path[-1].name in INLINE_TAGS):
                    break
                path.pop()
                paragraph.append((tag.start, tag.end, False))
            else:
                break
            index += 1
            after = (tag.end, tags[index].start, True) if index < count else (
                tag.end, len(text), False
            )
            paragraph.append(after)
        self.translate_paragraph(paragraph)
        return paragraph[-1][1], index

    def translate_paragraph(self, paragraph: list[Piece]) -> None:
        if len(paragraph) == 1 and not _has_text(self.text, paragraph[0][0], paragraph[0][1]):
            self.comments = []  # blank text between two blocks, the common case
            return
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
        message = "".join(self.text[s:e] for s, e, _ in paragraph)
        self.emit(message, f"Content of: {self.path_text()}", start, end, wrap, comments)

    def strip(self, paragraph: list[Piece]) -> list[Piece]:
        """Drop the whitespace at both ends of a paragraph (po4a's default, not for ``<pre>``)."""
        text = self.text
        filled = [i for i, (s, e, _) in enumerate(paragraph) if _has_text(text, s, e)]
        if not filled:
            return []
        pieces = paragraph[filled[0] : filled[-1] + 1]
        s, e, before = pieces[0]
        pieces[0] = (_NON_SPACE.search(text, s, e).start(), e, before)
        s, e, before = pieces[-1]
        pieces[-1] = (s, s + len(text[s:e].rstrip(WHITESPACE)), before)
        return pieces

    def drop_leading_blank_lines(self, paragraph: list[Piece]) -> list[Piece]:
        """Drop the blank line pieces at the top of a ``<pre>`` (po4a's ``^\\s*\\n`` rule)."""
        text = self.text
        for index, (s, e, before_tag) in enumerate(paragraph):
            pos = s
            while True:
                newline = text.find("\n", pos, e)
                if newline == -1:
                    if pos < e or before_tag:
                        return [(pos, e, before_tag), *paragraph[index + 1 :]]
                    break
                if _has_text(text, pos, newline):
                    return [(pos, e, before_tag), *paragraph[index + 1 :]]
                pos = newline + 1
        return []

    # -- po4a's treat_tag: one breaking tag --

    def treat_tag(self, tag: _Tag) -> int:
        """Handle one breaking tag; return the offset after it."""
        if tag.kind == "cdata":
            self.treat_cdata(tag.start, tag.end)
        elif tag.kind == "close":
            self.close_element(tag.name)
        elif tag.kind in ("open", "alone"):
            classes = frozenset()
            if tag.name == "pre" and self.options.skip_pre_classes:
                classes = self.classes_of(tag.start, tag.end)
            self.path.append(_Element(tag.name, classes))
            if _MAYBE_TRANSLATED_ATTRIBUTE.search(self.text, tag.start, tag.end):
                self.treat_attributes(tag.start + 1 + len(tag.name), tag.end)
            if tag.kind == "alone":
                self.path.pop()
        return tag.end

    def close_element(self, name: str) -> None:
        """Pop ``name`` from the path, and any unclosed elements above it (optional closing)."""
        if self.path and self.path[-1].name == name:
            self.path.pop()
            return
        names = [element.name for element in self.path]
        if name in names:
            del self.path[len(names) - 1 - names[::-1].index(name) :]

    def classes_of(self, start: int, end: int) -> frozenset[str]:
        match = _CLASS_ATTRIBUTE.search(self.text, start, end)
        return frozenset(match.group(2).split()) if match else frozenset()

    def treat_attributes(self, start: int, end: int) -> None:
        for name, value_start, value_end in _attributes(self.text, start, end):
            if name not in TRANSLATED_ATTRIBUTES:
                continue
            value = self.text[value_start:value_end]
            kind = f"Attribute '{name}' of: {self.path_text()}"
            self.emit(value, kind, value_start, value_end, True, None)

    def treat_cdata(self, start: int, end: int) -> None:
        """A CDATA section is a no-wrap message of its own; its outer blanks are trimmed."""
        text = self.text
        inner_start, inner_end = start + len("<![CDATA["), end - 3
        first_line_end = text.find("\n", inner_start, inner_end)
        first_line_end = inner_end if first_line_end == -1 else first_line_end + 1
        while inner_start < first_line_end and text[inner_start] in WHITESPACE:
            inner_start += 1
        last_line_start = text.rfind("\n", inner_start, inner_end) + 1 or inner_start
        while inner_end > max(last_line_start, inner_start) and text[inner_end - 1] in WHITESPACE:
            inner_end -= 1
        message = text[inner_start:inner_end]
        self.emit(message, "CDATA", inner_start, inner_end, False, None)

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


def _has_text(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds something other than whitespace."""
    return _NON_SPACE.search(text, start, end) is not None


def _attributes(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Yield (name, value start, value end) of each attribute with a value in a tag's text."""
    for match in _ATTRIBUTE.finditer(text, start, end):
        for group in (2, 3, 4):
            if match.group(group) is not None:
                yield match.group(1), match.start(group), match.end(group)
                break


_LEADING_BLANKS = re.compile(r"[ \t]+")
_NEWLINE_AND_INDENT = re.compile(r"\n[ \t]+")
_SPACE_RUN = re.compile(r"  +")


def _fold_spaces(match: re.Match[str]) -> str:
    """Two spaces stay after a full stop or a closing parenthesis, one anywhere else."""
    start = match.start()
    if start == 0:
        return "  "  # po4a's rule takes the run's first space as the character before it
    return "  " if match.string[start - 1] in ".)" else " "


def canonize(text: str) -> str:
    """Fold whitespace as po4a does for wrapped messages (two spaces kept after ``.`` or ``)``).

    po4a: strip leading spaces, turn each line's indentation into two spaces and each line
    end into two more, then fold runs of spaces.
    """
    text = text.lstrip(" ")
    if text[:1] == "\t":
        text = _LEADING_BLANKS.sub("  ", text, count=1)
    if "\n" in text and text != "\n":
        text = _NEWLINE_AND_INDENT.sub("    ", text).replace("\n", "  ")
    if "  " in text:
        text = _SPACE_RUN.sub(_fold_spaces, text)
    return text.rstrip(" ")


def segments(source: Source, options: SegmentOptions | None = None) -> list[Segment]:
    """Return the messages of ``source`` in document order, as po4a's xhtml module finds them."""
    return _Segmenter(source, options or SegmentOptions()).run()
