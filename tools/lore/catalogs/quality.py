"""Quality warnings of translations: what ``lore check`` reports besides the safety errors.

A warning does not refuse an entry: the translation is still applied, and ``lore check`` fails
only with ``--strict``. Each kind has a code (``quality_codes.CODES``); a translator silences
a code on one entry with a translator comment ``# lore-ignore: Q104 the reason`` (several
codes: ``Q104, Q106``). The checks follow translate-toolkit's ``pofilter`` and Weblate's
where they overlap.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lore.catalogs import check, terminology
from lore.catalogs.catalog import Catalog, Entry

IGNORE = "lore-ignore:"
_IGNORED = re.compile(r"\s*lore-ignore:\s*((?:Q\d{3}\b[\s,]*)+)")
_CODE_TEXT = re.compile(r"<code\b[^>]*>(.*?)</code>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']+")
_NUMBER = re.compile(r"\d+")
_PLACEHOLDER = re.compile(r"%%|%(?:\([A-Za-z_]\w*\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXoeEgGca]"
                          r"|\{(?:[A-Za-z_]\w*(?:\.\w+|\[\w+\])*|\d*)(?:![rsa])?(?::[^{}]*)?\}")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_IDENTIFIER = re.compile(r"\S*(?:[_.()]|[a-z][A-Z])\S*")
_CLOSERS = "\"'»”’)]」』"
# The final marks of a msgid and what may stand for each in a translation.
FINAL_MARKS = {".": ".。．…", ":": ":：", "?": "?？", "!": "!！"}
# Japanese and Chinese end a sentence before a list or a code block with a full stop.
COLON_AS_PERIOD = frozenset({"ja", "zh"})


@dataclass(frozen=True)
class Finding:
    """One quality warning of one entry, printed as ``po-file:line: CODE message``."""

    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key, cheaply
class Context:
    """What the checks of one catalog need: its language and its terminology."""

    lang: str
    terms: tuple[terminology.Term, ...] = ()
    terms_path: str = ""

    @property
    def base(self) -> str:
        """The language without its country."""
        return terminology.base_language(self.lang)


def context_for(catalog: Catalog) -> Context:
    """The language of a catalog (its ``Language`` header, else its folder) and its terms.

    The terms are those of ``terminology.tsv`` beside ``LC_MESSAGES``, when there is one.
    """
    path = Path(catalog.path)
    folder = path.parent.parent
    lang = catalog.header_fields().get("Language") or folder.name
    table = folder / terminology.FILE_NAME
    if path.parent.name != "LC_MESSAGES" or not table.is_file():
        return Context(lang)
    return Context(lang, terminology.load(table, lang), str(table))


def ignored_codes(entry: Entry) -> set[str]:
    """The codes the translator comments of an entry silence."""
    codes: set[str] = set()
    for comment in entry.translator_comments:
        found = _IGNORED.match(comment)
        if found:
            codes.update(re.findall(r"Q\d{3}", found.group(1)))
    return codes


def _code_texts(markup: str) -> Counter[str]:
    """The texts of the ``<code>`` elements of a message (entities left as written)."""
    return Counter(" ".join(_TAG.sub("", text).split()) for text in _CODE_TEXT.findall(markup))


def _prose(markup: str) -> str:
    """The text outside ``<code>`` elements and tags, URLs removed."""
    return _URL.sub(" ", _TAG.sub(" ", _CODE_TEXT.sub(" ", markup)))


def _numbers(text: str) -> Counter[str]:
    return Counter(unicodedata.normalize("NFKC", n).lstrip("0") or "0"
                   for n in _NUMBER.findall(text))


def _difference(want: Counter[str], have: Counter[str], what: str,
                added_too: bool = True) -> list[str]:
    """What the msgid has and the msgstr lacks, naming what the msgstr has instead; then, with
    ``added_too`` and nothing missing, what the msgstr alone has."""
    missing, added = sorted(want - have), sorted(have - want)
    instead = f" (the msgstr has {', '.join(map(repr, added))})" if added else ""
    found = [f"{what} {item!r} of the msgid missing{instead}" for item in missing]
    if added_too and not missing:
        found += [f"{what} {item!r} not in the msgid" for item in added]
    return found


def _final_mark(text: str) -> str:
    """The last character of a message, after closing tags, quotes and trailing spaces."""
    text = _TAG.sub("", text).replace("&nbsp;", " ").replace("&#160;", " ")
    return text.rstrip().rstrip(_CLOSERS).rstrip()[-1:]


def _punctuation(msgid: str, msgstr: str, base: str) -> list[str]:
    """The final mark of the msgid, when the msgstr ends without an equivalent one.

    Trailing spaces are ignored, so French ``Attention !`` ends with ``!``.
    """
    mark = _final_mark(msgid)
    if mark not in FINAL_MARKS or _final_mark(msgstr) in FINAL_MARKS[mark]:
        return []
    if mark == ":" and base in COLON_AS_PERIOD and _final_mark(msgstr) in FINAL_MARKS["."]:
        return []
    return [f"the msgid ends with {mark!r}, the msgstr does not"]


def _whitespace(msgid: str, msgstr: str) -> list[str]:
    found = []
    if msgid[: len(msgid) - len(msgid.lstrip())] != msgstr[: len(msgstr) - len(msgstr.lstrip())]:
        found.append("leading whitespace differs from the msgid's")
    if msgid[len(msgid.rstrip()):] != msgstr[len(msgstr.rstrip()):]:
        found.append("trailing whitespace differs from the msgid's")
    return found


def is_prose(msgid: str, kept: frozenset[str]) -> bool:
    """Whether a msgid is prose: several ordinary words outside code, names and kept terms.

    Code elements, URLs, identifiers (``listenTCP``, ``a.b``, ``f()``), acronyms, capitalized
    names and terms the terminology keeps as they are do not count as words.
    """
    words = [word for word in _WORD.findall(_IDENTIFIER.sub(" ", _prose(msgid)))
             if word.lower() not in kept and not word[0].isupper()]
    return len(words) >= 2


def _kept_terms(context: Context) -> frozenset[str]:
    """The words of the terms that the terminology keeps in English, and their plurals."""
    kept = set()
    for term in context.terms:
        if term.term.casefold() == term.translation.casefold():
            for word in term.term.lower().split():
                kept.update((word, word + "s"))
    return frozenset(kept)


def entry_findings(entry: Entry, context: Context) -> list[tuple[str, str]]:
    """The ``(code, message)`` warnings of a translated entry that passes the safety check.

    Codes the entry's translator comments silence are left out.
    """
    if not entry.msgstr or entry.msgid_plural is not None:
        return []
    found = _findings(entry.msgid, entry.msgstr, entry.is_attribute, context)
    if found and any(IGNORE in comment for comment in entry.translator_comments):
        silenced = ignored_codes(entry)
        found = tuple(item for item in found if item[0] not in silenced)
    return list(found)


@functools.lru_cache(maxsize=32768)
def _findings(msgid: str, msgstr: str, attribute: bool,
              context: Context) -> tuple[tuple[str, str], ...]:
    """The warnings of one translation, remembered: stats and check ask about the same."""
    found: list[tuple[str, str]] = []
    if msgstr == msgid:
        if is_prose(msgid, _kept_terms(context)):
            found.append(("Q109", "the msgstr is the msgid: not translated"))
        return tuple(found)
    prose, translated = _prose(msgid), _prose(msgstr)
    for term in terminology.missing(context.terms, prose, translated + " "
                                    + " ".join(_code_texts(msgstr)), context.base):
        found.append(("Q101", f"term {term.term!r}: agreed translation {term.translation!r} "
                              f"missing ({context.terms_path}:{term.line})"))
    # A number only the msgstr has is no warning: Japanese writes "one message" with a digit.
    found += [("Q102", m) for m in _difference(_numbers(prose), _numbers(translated), "number",
                                               added_too=False)]
    found += [("Q103", m) for m in _difference(Counter(_URL.findall(msgid)),
                                               Counter(_URL.findall(msgstr)), "URL")]
    if not attribute and ("<code" in msgid or "<code" in msgstr):
        found += [("Q104", m) for m in _difference(_code_texts(msgid), _code_texts(msgstr),
                                                   "code")]
    found += [("Q105", m) for m in _difference(Counter(_PLACEHOLDER.findall(msgid)),
                                               Counter(_PLACEHOLDER.findall(msgstr)),
                                               "placeholder")]
    found += [("Q106", m) for m in _punctuation(msgid, msgstr, context.base)]
    found += [("Q107", m) for m in _whitespace(msgid, msgstr)]
    if msgstr.count("  ") > msgid.count("  "):
        found.append(("Q108", "doubled space not in the msgid"))
    return tuple(found)


def warned(entry: Entry, context: Context) -> bool:
    """Whether an entry that ``lore check`` accepts has a warning nobody silenced."""
    return bool(entry.translated and not entry.fuzzy and not check.entry_problems(entry)
                and entry_findings(entry, context))


def check_catalog(catalog: Catalog, context: Context | None = None) -> list[Finding]:
    """The warnings of every translated, non-fuzzy entry that passes the safety check."""
    context = context or context_for(catalog)
    return [Finding(catalog.path, entry.line, code, message)
            for entry in catalog.active
            if entry.msgstr and not entry.fuzzy and not check.entry_problems(entry)
            for code, message in entry_findings(entry, context)]
