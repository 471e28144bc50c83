"""Extraction: from XHTML documents to a gettext template, merged as po4a merges messages."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from lore import xhtml
from lore.catalogs import potfile
from lore.catalogs.potfile import TemplateEntry
from lore.files import find_documents, write_atomic
from lore.forkmap import fork_map


class ExtractError(Exception):
    """Extraction failed; ``errors`` holds every document's problem, not just the first."""

    def __init__(self, errors: list[xhtml.XHTMLError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def _document_messages(path: str, options: xhtml.SegmentOptions) -> tuple:
    """Read and segment one document, as plain tuples (what :func:`fork_map` carries back)."""
    try:
        segments = xhtml.segments(xhtml.read_source(path), options)
    except xhtml.XHTMLError as error:
        return (path, None, (error.message, error.line, error.column))
    return (path, [tuple(segment) for segment in segments], None)


def document_segments(
    paths: Iterable[str], options: xhtml.SegmentOptions | None = None
) -> list[tuple[str, list[xhtml.Segment]]]:
    """Return each document's path and messages, read and segmented on every core.

    Raise :class:`ExtractError` listing every document that cannot be read.
    """
    options = options or xhtml.SegmentOptions()
    found = fork_map(functools.partial(_document_messages, options=options), list(paths))
    errors = [xhtml.XHTMLError(path, *problem) for path, _, problem in found if problem]
    if errors:
        raise ExtractError(errors)
    return [(path, [xhtml.Segment(*s) for s in segments]) for path, segments, _ in found]


def collect(documents: Iterable[tuple[str, list[xhtml.Segment]]]) -> list[TemplateEntry]:
    """Merge the messages of each ``(path, segments)`` into template entries, first first.

    As in po4a, a repeated message gains a reference (once per place), and its type and
    extracted comments are those of its last occurrence.
    """
    entries: dict[str, TemplateEntry] = {}
    for path, segments in documents:
        for segment in segments:
            entry = entries.get(segment.msgid)
            if entry is None:
                entry = entries[segment.msgid] = TemplateEntry(segment.msgid, segment.kind)
            reference = f"{path}:{segment.line}"
            if reference not in entry.references:
                entry.references.append(reference)
            entry.kind = segment.kind
            entry.comments = segment.comments
            if not segment.wrap:
                entry.flags.add("no-wrap")
    return list(entries.values())


def _without_date(template: str) -> str:
    return re.sub(r'^"POT-Creation-Date: [^"]*"$', "", template, count=1, flags=re.M)


def extract(
    paths: Iterable[str],
    output: str | Path,
    options: xhtml.SegmentOptions | None = None,
    date: str | None = None,
) -> list[TemplateEntry]:
    """Extract the documents below ``paths`` into the template ``output``; return its entries.

    Nothing is written unless every document could be read, nor when the template would
    change only by its ``POT-Creation-Date`` (as po4a does: no churn in version control).
    """
    entries = collect(document_segments(find_documents(paths), options))
    text = potfile.format_template(entries, date)
    target = Path(output)
    if target.is_file() and _without_date(target.read_text("utf-8")) == _without_date(text):
        return entries
    write_atomic(target, text.encode("utf-8"), durable=False)  # made again by lore extract
    return entries
