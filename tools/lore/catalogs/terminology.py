"""The agreed terms of a language (``locale/LANG/terminology.tsv``) and how to find them.

A term is found in a msgid as a whole word, in the singular or an English plural (``-s``,
``-es``, ``-y`` to ``-ies``); a term with a capital letter (a class name such as ``Deferred``)
only with that case, a lowercase one in any case. Its agreed translation is found in a msgstr
case-insensitively, each of its words allowing an inflection: one of the endings of
``ENDINGS`` after the word or after the word less such an ending, French ``-al``/``-ail`` as
``-aux``, and in German an umlauted stem (``Namensraum``, ``Namensräume``) and compounds
(``Port`` in ``Portnummer``, ``Schleife`` in ``Ereignisschleife``). Japanese, Chinese and
Korean have no word boundaries: there the translation is searched as it is written, less
the okurigana of a verb or adjective (``発火する`` is found in ``発火し``). The words of
``OPTIONAL`` (pronouns, articles, auxiliaries: ``se`` of ``se déclencher``, ``werden`` of
``ausgelöst werden``) may be missing, as the sentence's grammar decides them, and a German
separable verb may stand apart (``stellt ... bereit`` for ``bereitstellen``).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from lore.catalogs.catalog import CatalogError

FILE_NAME = "terminology.tsv"
# Plural, case, agreement and verb endings of French, German and Spanish
ENDINGS = ("s", "e", "en", "es", "n", "er", "x", "em", "ern", "ent", "ant", "é", "ée", "és", "ées",
           "a", "as", "an", "ar", "ir", "o", "os")
UNSEGMENTED = frozenset({"ja", "zh", "ko"})
# German verbs whose prefix stands apart in a main clause: "stellt ... bereit", "löst ... aus"
# (umlauts folded, as the patterns are built from folded text)
SEPARABLE_PREFIXES = ("bereit", "zuruck", "heraus", "herunter", "aus", "auf", "an",
                      "ab", "ein", "mit", "vor", "zu", "fest", "los", "weg", "nach")
OKURIGANA = re.compile("(?:する|る|の|な|い)$")
OPTIONAL = frozenset({"se", "s'", "le", "la", "les", "l'", "de", "d'", "du", "des", "un", "une",
                      "sich", "werden", "wird", "zu", "der", "die", "das", "ein", "eine",
                      "el", "los", "las", "del", "lo"})
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no"})
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "fire (a Deferred fires)": the sense, not the term
_UMLAUTS = str.maketrans("äöüÄÖÜ", "aouAOU")
_SEPARATOR = r"[\s\u00a0-]+"
_ENDING = "|".join(sorted((re.escape(e) for e in ENDINGS), key=len, reverse=True))


@dataclass(frozen=True)
class Term:
    """One row of a terminology table: the English term and its agreed translation."""

    term: str
    translation: str
    line: int
    lang: str
    key: str  # the start of the term's first word, lower-cased: a cheap first filter

    @property
    def source(self) -> re.Pattern[str]:
        """The pattern of the term in English text."""
        return _source_pattern(self.term)

    @property
    def target(self) -> re.Pattern[str]:
        """The pattern of the agreed translation, inflected forms included."""
        return _target_pattern(self.translation, self.lang)


@functools.lru_cache(maxsize=4096)  # compiled on first need: most terms are in no message
def _source_pattern(term: str) -> re.Pattern[str]:
    """The term in English text: a whole word or phrase, singular or plural."""
    words = [re.escape(word) for word in term.split()]
    last = words[-1]
    if last.endswith("y") and len(last) > 2:
        last = f"(?:{last}|{last[:-1]}ies)"
    else:
        last = f"{last}(?:s|es)?"
    body = r"\s+".join([*words[:-1], last])
    flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE
    return re.compile(rf"(?<![\w./-]){body}(?!\w|\.\w)", flags)  # not in a file name


def _inflected(word: str) -> str:
    """A pattern for one word of a translation and its inflected forms."""
    elided = re.match(r"(?i)([dlsjmnt]|qu)'(?=\w)", word)
    if elided:  # "d'arrêt": the elided article may be another one, or none
        return f"(?:\\w+')?{_inflected(word[elided.end():])}"
    if not word[-1:].isalpha():
        return re.escape(word)
    lower = word.lower()
    stems = [re.escape(word)]
    stems += [re.escape(word[: -len(e)]) for e in ENDINGS
              if lower.endswith(e) and len(word) - len(e) >= 3]
    if lower.endswith(("al", "ail")):  # journal, journaux
        stems.append(re.escape(word[: -2 if lower.endswith("al") else -3]) + "aux")
    if lower.endswith("ión"):  # conexión, conexiones
        stems.append(re.escape(word[:-3]) + "iones")
    if lower.endswith("z"):  # interfaz, interfaces
        stems.append(re.escape(word[:-1]) + "ces")
    if lower.endswith("y"):  # Factory, Factories
        stems.append(re.escape(word[:-1]) + "ies")
    return f"(?:{'|'.join(stems)})(?:{_ENDING})?"


@functools.lru_cache(maxsize=4096)
def _target_pattern(translation: str, lang: str) -> re.Pattern[str]:
    """The agreed translation in a msgstr of ``lang``, inflected forms included."""
    text = normalize(translation, lang)
    if lang in UNSEGMENTED:
        return re.compile(re.escape(OKURIGANA.sub("", text) or text), re.IGNORECASE)
    words = text.split()
    required = [word.lower() not in OPTIONAL for word in words]
    if not any(required):
        required = [True] * len(words)
    body, leading = "", ""
    for word, needed in zip(words, required, strict=True):
        if not needed and not body:
            leading += f"(?:{re.escape(word)}{_SEPARATOR})?"
        elif not needed:
            body += f"(?:{_SEPARATOR}{re.escape(word)})?"
        else:
            body += (_SEPARATOR if body else leading) + _inflected(word)
    if lang == "de":
        body = _with_separable_verb(body, [w for w, n in zip(words, required, strict=True) if n])
    if lang in COMPOUNDING:
        return re.compile(body, re.IGNORECASE)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _with_separable_verb(body: str, words: list[str]) -> str:
    """German ``bereitstellen``/``ausgelöst`` also as ``stellt ... bereit``/``löst ... aus``
    and ``bereitzustellen``."""
    if len(words) != 1:
        return body
    prefix = next((p for p in SEPARABLE_PREFIXES if words[0].lower().startswith(p)), None)
    if prefix is None:
        return body
    rest = words[0][len(prefix):].lower().removeprefix("ge")
    stem = re.sub("(?:en|n|t)$", "", rest)
    if len(stem) < 3:
        return body
    return (rf"(?:{body}|{re.escape(prefix)}zu{re.escape(stem)}"
            rf"|\A(?=[\s\S]*?\b{re.escape(stem)})[\s\S]*?\b{re.escape(prefix)}\b)")


def normalize(text: str, lang: str) -> str:
    """Text as terms are compared: typographic apostrophes folded, German umlauts folded."""
    text = text.replace("\u2019", "'")
    return text.translate(_UMLAUTS) if lang in COMPOUNDING else text


def base_language(lang: str) -> str:
    """``pt`` for ``pt_BR``: the rules above depend on the language, not the country."""
    return re.split(r"[_@.-]", lang, maxsplit=1)[0].lower()


@functools.lru_cache(maxsize=32)
def _load(path: str, mtime: float, lang: str) -> tuple[Term, ...]:
    terms = []
    with open(path, encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        for line, row in enumerate(rows, 1):
            if line == 1 and row[:2] == ["term", "translation"]:
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < 2 or not row[0].strip():
                raise CatalogError(path, line, "expected TERM<TAB>TRANSLATION[<TAB>NOTE]")
            term, translation = _QUALIFIER.sub("", row[0]).strip(), row[1].strip()
            if translation:
                terms.append(Term(term, translation, line, lang, term.lower().split()[0][:4]))
    # Longest first: "client factory" is found before, and instead of, "factory".
    return tuple(sorted(terms, key=lambda t: -len(t.term)))


def load(path: str | Path, lang: str) -> tuple[Term, ...]:
    """The terms of a table, longest first; CatalogError naming file and line if malformed."""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError as error:
        raise CatalogError(path, 0, error.strerror or str(error)) from None
    return _load(str(path), mtime, base_language(lang))


def missing(terms: tuple[Term, ...], prose: str, msgstr: str, lang: str) -> list[Term]:
    """The terms found in the English ``prose`` whose translation ``msgstr`` lacks."""
    lowered = prose.lower()
    target = normalize(msgstr, base_language(lang))
    absent = []
    for term in terms:
        if term.key not in lowered:
            continue  # cheap filter: most terms are not in most messages
        found = term.source.search(prose)
        if found is None:
            continue
        prose = term.source.sub(lambda m: " " * len(m.group(0)), prose)
        lowered = prose.lower()
        if not term.target.search(target):
            absent.append(term)
    return absent
