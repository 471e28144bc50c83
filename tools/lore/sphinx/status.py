"""The translation-status page: each language's and each document's completion, as bars."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx.application import Sphinx

from lore.sphinx import i18n, switcher


@dataclass
class Counts:
    """Translated, fuzzy and untranslated message counts."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        """All messages."""
        return self.translated + self.fuzzy + self.untranslated

    def share(self, count: int) -> float:
        """Return ``count`` as a percentage of all messages (0 when there are none)."""
        return round(100.0 * count / self.total, 1) if self.total else 0.0


def catalog_counts(catalog: Catalog) -> tuple[Counts, dict[str, Counts]]:
    """Count the catalog's messages, in all and per referenced source file."""
    overall = Counts()
    documents: dict[str, Counts] = {}
    for message in catalog:
        if not message.id:
            continue
        state = "fuzzy" if message.fuzzy else "translated" if message.string else "untranslated"
        setattr(overall, state, getattr(overall, state) + 1)
        for path in sorted({where for where, _ in message.locations}):
            counts = documents.setdefault(path, Counts())
            setattr(counts, state, getattr(counts, state) + 1)
    return overall, documents


def language_status(app: Sphinx, code: str) -> dict[str, object]:
    """Return what the status page shows for one language."""
    path = i18n.catalog_file(app.env, code)
    catalog = i18n.load_catalog(path)
    row: dict[str, object] = {"code": code, "name": switcher.display_name(code),
                              "url": f"../{code}/{app.config.root_doc}.html", "documents": []}
    if code == switcher.SOURCE:
        row["note"] = "Source language."
        return row
    if catalog is None:
        row["note"] = "No catalog yet: built in the source language."
        return row
    overall, documents = catalog_counts(catalog)
    keep = float(app.config.lore_keep_percent)
    row["counts"] = overall
    row["documents"] = [
        {"path": doc, "counts": counts, "kept": counts.share(counts.translated) >= keep}
        for doc, counts in sorted(documents.items())]
    row["catalog"] = Path(path).relative_to(app.srcdir).as_posix()
    return row


def collect_status_page(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: the status page, and a root ``index`` when the root doc is not."""
    rows = [language_status(app, code) for code in switcher.site_languages(app)]
    context = {"title": "Translation status", "lore_rows": rows,
               "lore_keep": app.config.lore_keep_percent}
    yield "lore-status", context, "lore-status.html"
    if "index" not in app.env.found_docs:
        yield "index", {"title": app.config.project, "lore_root": app.config.root_doc}, \
            "lore-redirect.html"
