"""Translation progress: translated, fuzzy and untranslated counts per language and document."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lore.catalogs.catalog import Catalog, Entry


@dataclass
class Counts:
    """How many messages are translated, fuzzy and untranslated."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        """All messages counted."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The translated share, in percent (100 for nothing to translate)."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add(self, entry: Entry) -> None:
        """Count one entry."""
        if entry.translated and not entry.fuzzy:
            self.translated += 1
        elif entry.translated:
            self.fuzzy += 1
        else:
            self.untranslated += 1

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
    for entry in catalog.active:
        total.add(entry)
        for document in entry.documents:
            documents.setdefault(document, Counts()).add(entry)
    return LanguageStats(total, dict(sorted(documents.items())))


def table(stats: dict[str, LanguageStats]) -> str:
    """A plain-text table: one line per language, then one per document of that language."""
    width = max([len("DOCUMENT")] + [len(d) + 2 for s in stats.values() for d in s.documents])
    lines = [f"{'LANG':<6} {'DOCUMENT':<{width}} {'TRANSLATED':>10} {'FUZZY':>6} "
             f"{'UNTRANS.':>8} {'%':>6}"]
    for lang, language in stats.items():
        rows = [("(all)", language.total)]
        rows += [("  " + doc, counts) for doc, counts in language.documents.items()]
        for name, counts in rows:
            lines.append(f"{lang:<6} {name:<{width}} {counts.translated:>10} {counts.fuzzy:>6} "
                         f"{counts.untranslated:>8} {counts.percent:>6.1f}")
    return "\n".join(lines)
