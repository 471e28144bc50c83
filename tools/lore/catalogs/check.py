"""The security gate of translations: which msgstrs may replace their msgid in a page.

A content msgstr must be a well-formed XHTML fragment with exactly the markup of its msgid:
the same elements with the same attribute values (an API reference, any element whose class
is ``API`` in any case, also keeps its text, which is part of its target), in any order, and
nothing else. Some markup is refused even when the msgid has it: script-like elements,
``on*`` attributes and script URLs. An attribute msgstr is plain text (escaped when applied)
but may not smuggle a script URL. ``no-wrap`` messages keep their line structure.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from lore import xhtml
from lore.catalogs.catalog import Catalog, Entry

XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
FORBIDDEN_ELEMENTS = frozenset({"script", "style", "iframe", "frame", "frameset", "object",
                                "embed", "applet", "form", "input", "button", "meta", "link",
                                "base", "svg", "math"})
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_CHAR_REFERENCE = re.compile(r"&#([0-9]+|[xX][0-9a-fA-F]+);")
_ATTRIBUTE_KIND = re.compile(r"^Attribute '([^']*)'")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          remove_blank_text=False, huge_tree=False)


class MarkupError(ValueError):
    """A message that is not a well-formed XHTML fragment."""


@dataclass(frozen=True)
class Problem:
    """One problem of one entry, printed as ``po-file:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def resolve_entities(markup: str) -> str:
    """Replace XHTML named entities (beyond XML's five) by character references."""

    def numeric(found: re.Match[str]) -> str:
        name = found.group(1)
        if name in XML_ENTITIES:
            return found.group(0)
        code = xhtml.xhtml_entities().get(name)
        if code is None:
            raise MarkupError(f"unknown entity &{name};")
        return f"&#{code};"

    return _ENTITY.sub(numeric, markup)


def parse_fragment(markup: str) -> etree._Element:
    """Parse a message as the content of a wrapper element; MarkupError when not well formed."""
    try:
        return etree.fromstring(f"<lore-fragment>{resolve_entities(markup)}</lore-fragment>",
                                _PARSER)
    except etree.XMLSyntaxError as error:
        raise MarkupError(f"not a well-formed XHTML fragment: {error.msg}") from None


def _local(name: str) -> str:
    return etree.QName(name).localname.lower()


def _describe(item: tuple) -> str:
    """Markup signature item as the reader would write it."""
    kind, name, attributes, text = item
    if kind == "comment":
        return "<!-- comment -->"
    if kind == "pi":
        return f"<?{name}?>"
    attrs = "".join(f' {k}="{v}"' for k, v in attributes)
    return f"<{name}{attrs}>" + (f"{text}</{name}>" if text is not None else "")


def signature(root: etree._Element, namespaces: bool = True) -> Counter:
    """The markup of a parsed fragment: its elements, attributes, comments and PIs.

    ``namespaces`` also records namespace declarations (needless when the text has no xmlns).
    """
    items: Counter = Counter()
    for node in root.iterdescendants():
        if isinstance(node, etree._Comment):
            items[("comment", "", (), None)] += 1
        elif isinstance(node, etree._ProcessingInstruction):
            items[("pi", node.target, (), None)] += 1
        else:
            attributes = tuple(sorted(node.attrib.items()))
            if namespaces:
                inherited = node.getparent().nsmap
                attributes += tuple(sorted(
                    (f"xmlns:{prefix}" if prefix else "xmlns", uri)
                    for prefix, uri in node.nsmap.items() if inherited.get(prefix) != uri))
            api = xhtml.is_api_class(node.get("class", ""))
            items[("element", node.tag, attributes, "".join(node.itertext()) if api else None)] += 1
    return items


def _dangers(root: etree._Element) -> list[str]:
    """Markup refused in any msgstr, whatever the msgid holds."""
    found = []
    for node in root.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        if _local(node.tag) in FORBIDDEN_ELEMENTS:
            found.append(f"forbidden element <{_local(node.tag)}>")
        for name, value in node.attrib.items():
            if _local(name).startswith("on"):
                found.append(f"forbidden event attribute {_local(name)}=")
            if _SCRIPT_URL.match(_URL_NOISE.sub("", value)):
                found.append(f"forbidden script URL in {_local(name)}=")
    return found


def _line_structure(entry: Entry) -> list[str]:
    """Problems with the newlines of a msgstr (all entries; ``no-wrap`` ones line by line)."""
    msgid, msgstr = entry.msgid, entry.msgstr
    found = []
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        found.append("msgid and msgstr do not both begin with a newline")
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        found.append("msgid and msgstr do not both end with a newline")
    if entry.no_wrap and msgid.count("\n") != msgstr.count("\n"):
        found.append(f"no-wrap message: msgstr has {msgstr.count(chr(10)) + 1} lines, "
                     f"msgid has {msgid.count(chr(10)) + 1}")
    return found


def _attribute_problems(entry: Entry) -> list[str]:
    """Problems of the msgstr of an attribute message (plain text)."""
    found = []
    name = _ATTRIBUTE_KIND.match(entry.kind)
    if name and name.group(1).lower().startswith("on"):
        found.append(f"event attribute {name.group(1)}= may not be translated")
    if _SCRIPT_URL.match(_URL_NOISE.sub("", entry.msgstr)):
        found.append("forbidden script URL in attribute value")
    for reference in _CHAR_REFERENCE.finditer(entry.msgstr):
        digits = reference.group(1)
        code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        if not _xml_char(code):
            found.append(f"character reference {reference.group(0)} is not an XML character")
    return found


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character (C1 controls refused too)."""
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def _content_problems(entry: Entry) -> list[str]:
    """Problems of the msgstr of a content message (an XHTML fragment)."""
    if "<" not in entry.msgid and "<" not in entry.msgstr and "&" not in entry.msgstr:
        return []  # plain text on both sides: nothing to parse
    try:
        expected = parse_fragment(entry.msgid)
    except MarkupError:
        return _unbalanced_problems(entry)
    try:
        actual = parse_fragment(entry.msgstr)
    except MarkupError as error:
        return [f"msgstr {error}"]
    found = _dangers(actual)
    namespaces = "xmlns" in entry.msgstr or "xmlns" in entry.msgid
    have, want = signature(actual, namespaces), signature(expected, namespaces)
    found += [f"markup not in msgid: {_describe(item)}" for item in sorted(have - want)]
    found += [f"markup of msgid missing: {_describe(item)}" for item in sorted(want - have)]
    return found


def _unbalanced_problems(entry: Entry) -> list[str]:
    """Problems of a msgstr whose msgid is a piece of unbalanced markup (po4a splits some).

    Such a msgstr must carry the msgid's tags verbatim and in order, with only text between.
    """
    want, have = _TAG.findall(entry.msgid), _TAG.findall(entry.msgstr)
    if want != have:
        return ["msgid has unbalanced markup: msgstr must keep its tags verbatim and in order"]
    for text in _TAG.split(entry.msgstr):
        try:
            if len(parse_fragment(text)):
                return ["msgstr has markup between the msgid's tags"]
        except MarkupError as error:
            return [f"msgstr text {error}"]
    return []


def entry_problems(entry: Entry) -> list[str]:
    """Every problem of a translated entry's msgstr; empty when it may be used."""
    if not entry.msgstr:
        return []
    return list(_problems(entry.msgid, entry.msgstr, entry.kind, entry.no_wrap))


@functools.lru_cache(maxsize=32768)
def _problems(msgid: str, msgstr: str, kind: str, no_wrap: bool) -> tuple[str, ...]:
    """The problems of a msgstr, remembered: stats, check and translate ask about the same."""
    entry = Entry(msgid, msgstr, flags=["no-wrap"] if no_wrap else [],
                  auto_comments=[f"type: {kind}"] if kind else [])
    if _CONTROL.search(msgstr):
        return ("msgstr contains a control character",)
    found = _line_structure(entry)
    if kind == "CDATA":
        return (*found, *(["msgstr would end the CDATA section (']]>')"] if "]]>" in msgstr
                          else []))
    if entry.is_attribute:
        return (*found, *_attribute_problems(entry))
    return (*found, *_content_problems(entry))


def usable(entry: Entry) -> bool:
    """Whether translate may apply the entry: translated, not fuzzy and without problems."""
    return (not entry.obsolete and not entry.fuzzy and entry.msgid_plural is None
            and bool(entry.msgstr) and not entry_problems(entry))


def check_catalog(catalog: Catalog) -> list[Problem]:
    """The problems of every translated, non-fuzzy entry of a catalog, in file order."""
    return [Problem(catalog.path, entry.line, message)
            for entry in catalog.active
            if entry.msgstr and not entry.fuzzy
            for message in entry_problems(entry)]
