"""Localized XHTML: each message of a document replaced by its checked translation.

The document is segmented exactly as extraction segments it; a message's span of source text
is replaced by its msgstr (last message first), so everything outside messages stays byte for
byte. Only translated, non-fuzzy entries that pass ``check`` in the context where they are
applied are used; every other entry with a msgstr is named in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lore import xhtml
from lore.catalogs import check, stats
from lore.catalogs.catalog import Catalog, Entry

_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_PROLOG = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S)
_TAG_END = re.compile(r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


@dataclass
class DocumentReport:
    """What happened to one document."""

    path: str
    total: int = 0
    translated: int = 0
    written_translated: bool = False
    warnings: list[str] = field(default_factory=list)
    #: each message left in the source language, with why (``stats.entry_state``)
    kept: list[tuple[xhtml.Segment, str]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """The share of the document's messages that were translated, in percent."""
        return 100.0 * self.translated / self.total if self.total else 100.0


class Translator:
    """Applies one catalog to documents; remembers the verdict on each (msgid, context)."""

    def __init__(self, catalog: Catalog, language: str, keep_percent: float = 80.0,
                 options: xhtml.SegmentOptions | None = None) -> None:
        self.catalog = catalog
        self.language = language.replace("_", "-")
        self.keep_percent = keep_percent
        self.options = options
        self.entries: dict[str, Entry] = {e.msgid: e for e in catalog.active
                                          if e.msgctxt is None and e.msgid_plural is None}
        self._verdicts: dict[tuple[str, str, bool], list[str]] = {}

    def problems(self, entry: Entry, segment: xhtml.Segment) -> list[str]:
        """The check problems of ``entry`` applied where ``segment`` is (its kind, its wrap)."""
        key = (entry.msgid, segment.kind, segment.wrap)
        if key not in self._verdicts:
            probe = Entry(entry.msgid, entry.msgstr, flags=[] if segment.wrap else ["no-wrap"],
                          auto_comments=[f"type: {segment.kind}"])
            self._verdicts[key] = check.entry_problems(probe)
        return self._verdicts[key]

    def replacement(self, segment: xhtml.Segment, report: DocumentReport) -> str | None:
        """The text that replaces the segment, or None to keep the source (noted in report)."""
        entry = self.entries.get(segment.msgid)
        where = f"{segment.line}"
        if entry is None:
            report.warnings.append(f"{report.path}:{where}: message not in "
                                   f"{self.catalog.path} (template out of date?)")
            report.kept.append((segment, stats.UNTRANSLATED))
            return None
        state = stats.entry_state(entry, lambda found: self.problems(found, segment))
        if state != stats.TRANSLATED:
            report.kept.append((segment, state))
        label = f"{self.catalog.path}:{entry.line}: entry used by {report.path}:{where}"
        if state == stats.FUZZY:
            report.warnings.append(f"{label} not applied: fuzzy")
        elif state == stats.REFUSED:
            report.warnings.append(f"{label} not applied: "
                                   f"{'; '.join(self.problems(entry, segment))}")
        if state != stats.TRANSLATED:
            return None
        if segment.kind == "CDATA":
            return entry.msgstr
        if segment.is_attribute:
            return attribute_text(entry.msgstr, entry.msgid)
        return content_text(entry.msgstr, entry.msgid)

    def translate_source(self, source: xhtml.Source,
                         mark: Callable[[str], str] | None = None) -> tuple[str, DocumentReport]:
        """The localized text of a document (or its source text, below the threshold).

        With ``mark``, each content message left in the source language is preceded by
        ``mark(why)`` in a translated document (the site marks those blocks with it).
        """
        report = DocumentReport(source.path)
        edits = []
        for segment in xhtml.segments(source, self.options):
            report.total += 1
            text = self.replacement(segment, report)
            if text is not None:
                report.translated += 1
                edits.append((segment.start, segment.end, text))
        if report.percent < self.keep_percent:
            return source.text, report
        if mark is not None:
            edits += [(segment.start, segment.start, mark(why)) for segment, why in report.kept
                      if segment.kind.startswith("Content of")]
        pieces, position = [], 0
        for start, end, text in sorted(edits):
            pieces += [source.text[position:start], text]
            position = end
        pieces.append(source.text[position:])
        result = set_language("".join(pieces), self.language)
        try:  # a last safety net: check should make this unreachable
            xhtml.check_well_formed(result, source.path)
        except xhtml.XHTMLError as error:
            report.warnings.append(f"{error} (after translation; kept the source language)")
            return source.text, report
        report.written_translated = True
        return result, report


def _keep_or_number(text: str, known: str) -> str:
    """Named entities absent from ``known`` become character references (no DTD needed)."""

    def fix(found: re.Match[str]) -> str:
        name = found.group(1)
        if name in check.XML_ENTITIES or found.group(0) in known:
            return found.group(0)
        code = xhtml.xhtml_entities().get(name)
        return f"&#{code};" if code is not None else f"&amp;{name};"

    return _NAMED.sub(fix, text)


def content_text(msgstr: str, msgid: str) -> str:
    """The markup that replaces a content message: the (checked) msgstr as it is."""
    return _keep_or_number(msgstr, msgid)


def attribute_text(msgstr: str, msgid: str) -> str:
    """The raw attribute value for a msgstr: references kept, ``& < " '`` escaped otherwise."""
    pieces, position = [], 0
    for found in _REFERENCE.finditer(msgstr):
        pieces.append(_escape_attribute(msgstr[position:found.start()]))
        pieces.append(found.group(0))
        position = found.end()
    pieces.append(_escape_attribute(msgstr[position:]))
    return _keep_or_number("".join(pieces), msgid)


def _escape_attribute(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("'", "&apos;").replace("\n", "&#10;").replace("\t", "&#9;"))


def root_tag_span(text: str) -> tuple[int, int]:
    """The offsets of the root element's start tag (after the prolog)."""
    position = 0
    while (found := _PROLOG.match(text, position)) and found.end() > position:
        position = found.end()
    end = _TAG_END.match(text, position + 1)
    if not text.startswith("<", position) or end is None:
        raise ValueError("no root element")
    return position, end.end()


def set_language(text: str, language: str) -> str:
    """Set ``xml:lang`` and ``lang`` of the root element to ``language``."""
    start, end = root_tag_span(text)
    tag = text[start:end]
    for name in ("xml:lang", "lang"):
        pattern = re.compile(rf"(\s{re.escape(name)}\s*=\s*)(\"[^\"]*\"|'[^']*')")
        if pattern.search(tag):
            tag = pattern.sub(lambda m: f'{m.group(1)}"{language}"', tag, count=1)
        else:
            close = len(tag) - (2 if tag.endswith("/>") else 1)
            tag = f'{tag[:close].rstrip()} {name}="{language}"{tag[close:]}'
    return text[:start] + tag + text[end:]


def output_path(directory: str | Path, path: str) -> Path:
    """Where the translation of ``path`` (as given) goes below ``directory``."""
    relative = Path(path)
    if relative.is_absolute():
        relative = relative.relative_to(relative.anchor)
    return Path(directory) / relative
