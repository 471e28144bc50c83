"""Pseudo-translation: a catalog whose every text is visibly transformed, markup untouched.

Building the docs with it shows at a glance any text that escaped extraction (it stays plain
ASCII), and any layout that breaks with longer text. The text of API references is kept, as it
is part of the reference's target (and ``check`` requires it).
"""

from __future__ import annotations

import math
import re

from lore.catalogs.catalog import Catalog, Entry

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçđéƒğĥíĵķĺɱñóþʠŕšŧúʋŵẋýžÁƁÇĐÉƑĞĤÍĴĶĹṀÑÓÞǪŔŠŦÚṼŴẊÝŽ"
_TABLE = str.maketrans(_PLAIN, _ACCENTED)
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|&[^;\s]*;",
                    re.DOTALL)
_API_START = re.compile(r"<code\b[^>]*\bclass=([\"'])(?:[^\"']*\s)?API(?:\s[^\"']*)?\1")
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
    api_depth = 0  # > 0 inside <code class="API">: its text is a reference target
    position = 0
    for token in _TOKEN.finditer(message):
        text = message[position:token.start()]
        letters += sum(ch.isalpha() for ch in text) if not api_depth else 0
        parts.append(text if api_depth else _accent(text))
        tag = token.group(0)
        if api_depth and tag.startswith("<code"):
            api_depth += 1
        elif api_depth and tag.startswith("</code"):
            api_depth -= 1
        elif _API_START.match(tag) and not tag.endswith("/>"):
            api_depth = 1
        parts.append(tag)
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
