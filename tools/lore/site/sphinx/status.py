"""The translation-status page: each language's and each document's completion, as bars.

The counts are ``lore stats``'s: the same function, on the same catalogs.
"""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from lore.catalogs import catalog as po
from lore.catalogs import stats
from lore.site.languages import SOURCE, display_name
from lore.site.sphinx import i18n, labels, switcher


def bar(counts: stats.Counts) -> dict[str, object]:
    """Return the figures one completion bar shows."""
    def share(count: int) -> float:
        return round(100.0 * count / counts.total, 1) if counts.total else 0.0

    return {"translated": counts.translated, "fuzzy": counts.fuzzy,
            "untranslated": counts.untranslated, "total": counts.total,
            "translated_pct": share(counts.translated), "fuzzy_pct": share(counts.fuzzy)}


def language_status(app: Sphinx, code: str) -> dict[str, object]:
    """Return what the status page shows for one language."""
    path = i18n.catalog_file(app.env, code)
    _ = labels.gettext_for(app.config.language)
    row: dict[str, object] = {"code": code, "name": display_name(code),
                              "url": f"../{code}/{app.config.root_doc}.html", "documents": []}
    if code == SOURCE:
        row["note"] = _("Source language.")
        return row
    try:
        catalog = i18n.load_catalog(path)
    except po.CatalogError as error:
        row["note"] = _("Catalog unreadable: %(error)s") % {"error": error}
        return row
    if catalog is None:
        row["note"] = _("No catalog yet: built in the source language.")
        return row
    figures = stats.catalog_stats(catalog)
    keep = float(app.config.lore_keep_percent)
    row["bar"] = bar(figures.total)
    row["catalog"] = path.relative_to(app.srcdir).as_posix()
    row["documents"] = [{"path": doc, "bar": bar(counts), "kept": counts.percent >= keep}
                        for doc, counts in figures.documents.items()]
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
