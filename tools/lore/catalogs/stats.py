"""Translation progress: translated, fuzzy, refused and untranslated counts per language and page.

An entry with a msgstr that ``lore check`` refuses is not applied to any page, so it is counted
as refused, not translated: the figures say what readers get, and why a message is missing.
An entry with a quality warning nobody silenced is applied: it counts as translated, and also
in ``warnings``, a share of the translated ones (not added to the total).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from lore.catalogs import check, quality
from lore.catalogs.catalog import Catalog, Entry

TRANSLATED, FUZZY, REFUSED, UNTRANSLATED = "translated", "fuzzy", "refused", "untranslated"


def entry_state(entry: Entry, problems: Callable[[Entry], list[str]] = check.entry_problems
                ) -> str:
    """Whether ``entry`` is applied (translated) or why not: fuzzy, refused or untranslated.

    ``lore stats``, the status page and the translator of the pages all decide by this one
    function (the translator checks the entry where it applies it: ``problems``).
    """
    if not entry.translated:
        return UNTRANSLATED
    if entry.fuzzy:
        return FUZZY
    if problems(entry):
        return REFUSED
    return TRANSLATED


@dataclass
class Counts:
    """How many messages are translated, fuzzy, refused by ``lore check`` and untranslated.

    ``warnings`` counts the translated messages that have a quality warning.
    """

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    refused: int = 0
    warnings: int = 0

    @property
    def total(self) -> int:
        """All messages counted."""
        return self.translated + self.fuzzy + self.refused + self.untranslated

    @property
    def percent(self) -> float:
        """The translated share, in percent (100 for nothing to translate)."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add(self, entry: Entry, warned: bool = False) -> None:
        """Count one entry (``warned``: it has a quality warning, counted if it is applied)."""
        state = entry_state(entry)
        setattr(self, state, getattr(self, state) + 1)
        if state == TRANSLATED:
            self.warnings += warned

    def as_dict(self) -> dict[str, float]:
        """The counts, total and percentage, for JSON."""
        return {**asdict(self), "total": self.total, "percent": round(self.percent, 1)}


@dataclass
class LanguageStats:
    """The counts of one catalog: overall (each message once) and per referenced document."""

    total: Counts
    documents: dict[str, Counts]

    def as_dict(self) -> dict:
        """The statistics, for JSON."""
        return {"total": self.total.as_dict(),
                "documents": {doc: c.as_dict() for doc, c in self.documents.items()}}


def catalog_stats(catalog: Catalog) -> LanguageStats:
    """Count the active entries of a catalog, overall and per document (sorted by path)."""
    total = Counts()
    documents: dict[str, Counts] = {}
    context = quality.context_for(catalog)
    for entry in catalog.active:
        warned = quality.warned(entry, context)
        total.add(entry, warned)
        for document in entry.documents:
            documents.setdefault(document, Counts()).add(entry, warned)
    return LanguageStats(total, dict(sorted(documents.items())))


def table(stats: dict[str, LanguageStats]) -> str:
    """A plain-text table: one line per language, then one per document of that language."""
    width = max([len("DOCUMENT")] + [len(d) + 2 for s in stats.values() for d in s.documents])
    lines = [f"{'LANG':<6} {'DOCUMENT':<{width}} {'TRANSLATED':>10} {'FUZZY':>6} "
             f"{'REFUSED':>7} {'UNTRANS.':>8} {'%':>6} {'WARNED':>6}"]
    for lang, language in stats.items():
        rows = [("(all)", language.total)]
        rows += [("  " + doc, counts) for doc, counts in language.documents.items()]
        for name, counts in rows:
            lines.append(f"{lang:<6} {name:<{width}} {counts.translated:>10} {counts.fuzzy:>6} "
                         f"{counts.refused:>7} {counts.untranslated:>8} {counts.percent:>6.1f} "
                         f"{counts.warnings:>6}")
    return "\n".join(lines)
