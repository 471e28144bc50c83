"""Translation memory: untranslated entries filled from other catalogs, as ``msgmerge -C``.

A compendium is any catalog: another project's, or an export of a translation platform. An
untranslated entry takes the translation of the compendium entry with the same msgid, else of
the most similar one (the similarity and threshold of ``lore update``'s fuzzy matching). Both
arrive ``fuzzy``, for a translator to review, with a translator comment naming the compendium
and the similarity (msgmerge takes an exact match as translated). Translated and fuzzy entries
are never touched. A translation that ``lore check`` would refuse for the new msgid (markup,
attributes or URLs the msgid does not have) is not used, and said so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lore.catalogs import check
from lore.catalogs.catalog import Catalog, CatalogError, Entry, FuzzyIndex, read
from lore.catalogs.terminology import base_language

COMMENT = "compendium: {source} ({percent}%)"


@dataclass(frozen=True)
class Match:
    """A compendium entry proposed for a msgid, where it comes from and how similar it is."""

    entry: Entry
    source: str
    similarity: float


@dataclass(frozen=True)
class Refusal:
    """A compendium translation not used because ``lore check`` would refuse it."""

    source: str
    line: int
    msgid: str
    problem: str

    def __str__(self) -> str:
        shown = self.msgid if len(self.msgid) <= 50 else self.msgid[:47] + "..."
        return f"{self.source}:{self.line}: warning: not used for {shown!r}: {self.problem}"


class Memory:
    """The translated entries of some compendia, searchable by exact and by close msgid."""

    def __init__(self, compendia: list[Catalog]) -> None:
        self.exact: dict[str, Match] = {}
        self.sources: dict[int, str] = {}
        candidates = []
        for compendium in compendia:  # the first compendium to translate a msgid wins
            for entry in compendium.active:
                if entry.msgid_plural is None and entry.msgstr and not entry.fuzzy \
                        and entry.msgid not in self.exact:
                    self.exact[entry.msgid] = Match(entry, compendium.path, 1.0)
                    self.sources[id(entry)] = compendium.path
                    candidates.append(entry)
        self.index = FuzzyIndex(candidates)

    def lookup(self, msgid: str, close: bool = True) -> Match | None:
        """The compendium entry of ``msgid``, else (with ``close``) the most similar one above
        the threshold."""
        if msgid in self.exact or not close:
            return self.exact.get(msgid)
        found = self.index.match(msgid)
        if found is None:
            return None
        entry, similarity = found
        return Match(entry, self.sources[id(entry)], similarity)


def language_error(compendia: list[Catalog], catalogs: list[Catalog]) -> str | None:
    """Why these compendia may not fill these catalogs, if they may not.

    A compendium must say its language (``Language`` header) unless one catalog is updated, and
    fills only catalogs of that language: a French memory never fills a German catalog.
    """
    unnamed = [c.path for c in compendia if not c.header_fields().get("Language")]
    if unnamed and len(catalogs) > 1:
        return (f"{unnamed[0]}: no Language header: update one language (--lang LANG) "
                "to use it")
    return None


def applies_to(compendium: Catalog, catalog: Catalog) -> bool:
    """Whether the compendium is in the catalog's language (or does not say its own)."""
    theirs = compendium.header_fields().get("Language")
    ours = catalog.header_fields().get("Language")
    return not theirs or not ours or base_language(theirs) == base_language(ours)


def fill(catalog: Catalog, memory: Memory, close: bool = True) -> tuple[int, list[Refusal]]:
    """Fill the untranslated entries of ``catalog`` in place; the count and the refusals.

    Without ``close``, only exact matches are used (``lore update --no-fuzzy``, msgmerge -N).
    """
    filled, refused = 0, []
    for position, entry in enumerate(catalog.entries):
        if entry.obsolete or entry.fuzzy or entry.translated or entry.msgid_plural is not None:
            continue
        match = memory.lookup(entry.msgid, close)
        if match is None:
            continue
        proposed = replace(entry, msgstr=match.entry.msgstr)
        problems = check.entry_problems(proposed)
        if problems:
            refused.append(Refusal(match.source, match.entry.line, entry.msgid, problems[0]))
            continue
        percent = int(match.similarity * 100)
        proposed.translator_comments = [*entry.translator_comments,
                                        COMMENT.format(source=match.source, percent=percent)]
        proposed.flags = list(entry.flags)
        proposed.set_fuzzy(True)
        if match.entry.msgid != entry.msgid:
            proposed.previous_msgctxt = match.entry.msgctxt
            proposed.previous_msgid = match.entry.msgid
        catalog.entries[position] = proposed
        filled += 1
    return filled, refused


def read_all(paths: list[str]) -> list[Catalog]:
    """Read every compendium; CatalogError (file:line) on the first malformed one."""
    compendia = [read(path) for path in paths]
    for compendium in compendia:
        if not any(e.msgstr for e in compendium.active):
            raise CatalogError(compendium.path, 1, "no translated entry: not a compendium")
    return compendia
