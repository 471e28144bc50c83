"""Pseudo-translation: a catalog whose every text is visibly transformed, markup untouched.

Building the docs with it shows at a glance any text that escaped extraction (it stays plain
ASCII), and any layout that breaks with longer text. The text of API references (any
element whose class is ``API``, in any case: ``xhtml.is_api_class``) is kept, as it is part of
the reference's target (and ``check`` requires it).
"""

from __future__ import annotations

import math
import re

from lore import xhtml
from lore.catalogs.catalog import Catalog, Entry

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçđéƒğĥíĵķĺɱñóþʠŕšŧúʋŵẋýžÁƁÇĐÉƑĞĤÍĴĶĹṀÑÓÞǪŔŠŦÚṼŴẊÝŽ"
_TABLE = str.maketrans(_PLAIN, _ACCENTED)
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|&[^;\s]*;",
                    re.DOTALL)
_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>\Z")
_END_TAG = re.compile(r"</([A-Za-z][^\s>]*)\s*>\Z")
_CLASS = re.compile(r"""\sclass\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_PADDING = "~"
EXPANSION = 0.3


def _accent(text: str) -> str:
    """Replace ASCII letters by accented look-alikes."""
    return text.translate(_TABLE)


def transform(message: str) -> str:
    """The pseudo-translation of a message: accented, about 30% longer, bracketed.

    Tags, entity references, comments and the text of API references are kept as they are,
    and so are the newlines (a ``no-wrap`` message keeps its line structure).
    """
    parts: list[str] = []
    letters = 0
    reference = _ApiReference()
    position = 0
    for token in _TOKEN.finditer(message):
        text = message[position:token.start()]
        letters += 0 if reference.inside else sum(ch.isalpha() for ch in text)
        parts.append(text if reference.inside else _accent(text))
        reference.see(token.group(0))
        parts.append(token.group(0))
        position = token.end()
    tail = message[position:]
    letters += sum(ch.isalpha() for ch in tail)
    parts.append(_accent(tail))
    body = "".join(parts)
    lead = body[: len(body) - len(body.lstrip("\n"))]
    trail = body[len(body.rstrip("\n")):] if body.strip("\n") else ""
    core = body[len(lead): len(body) - len(trail)]
    padding = _PADDING * math.ceil(letters * EXPANSION)
    return f"{lead}[{core}{' ' + padding if padding else ''}]{trail}"


class _ApiReference:
    """Follows the tags of a message: inside an API reference, text is a target, kept as is."""

    def __init__(self) -> None:
        self.tag: str | None = None  # the element that opened the reference
        self.depth = 0  # how many elements of that name are open inside it

    @property
    def inside(self) -> bool:
        """Whether the text at this point belongs to an API reference."""
        return self.depth > 0

    def see(self, token: str) -> None:
        """Take one tag (or comment, CDATA, entity reference) of the message into account."""
        start, end = _START_TAG.match(token), _END_TAG.match(token)
        if self.inside and start and start.group(1) == self.tag and not start.group(3):
            self.depth += 1
        elif self.inside and end and end.group(1) == self.tag:
            self.depth -= 1
        elif not self.inside and start and not start.group(3):
            found = _CLASS.search(start.group(2))
            if found and xhtml.is_api_class(found.group(2)):
                self.tag, self.depth = start.group(1), 1


def pseudo_catalog(base: Catalog) -> Catalog:
    """A copy of ``base`` (an initial catalog of the template) with every msgstr transformed."""
    entries = []
    for entry in base.active:
        if entry.msgid_plural is not None:
            plurals = {i: transform(entry.msgid if i == 0 else entry.msgid_plural)
                       for i in entry.msgstr_plural}
            entries.append(_copy(entry, "", plurals))
        else:
            entries.append(_copy(entry, transform(entry.msgid), {}))
    return Catalog(header=base.header, entries=entries, path=base.path)


def _copy(entry: Entry, msgstr: str, plurals: dict[int, str]) -> Entry:
    """The entry with its translation set and no ``fuzzy`` flag."""
    new = Entry(**{**entry.__dict__, "msgstr": msgstr, "msgstr_plural": plurals})
    new.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    return new
