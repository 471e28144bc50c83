"""The translation-status page: each language's and each document's completion, as bars.

The counts are ``lore stats``'s: the same function, on the same catalogs (an entry that fails
``lore check`` counts as refused, not translated; one with a quality warning is translated,
and counted again in the warnings column, as it is applied). The language a page is shown in is the
build's own decision: the page is translated as the build translates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from sphinx.application import Sphinx

from lore import xhtml
from lore.catalogs import catalog as po
from lore.catalogs import stats, terminology
from lore.site.languages import SOURCE, display_name
from lore.site.sphinx import downloads, i18n, labels, memo, switcher


def bar(counts: stats.Counts) -> dict[str, object]:
    """Return the figures one completion bar shows."""
    def share(count: int) -> float:
        return round(100.0 * count / counts.total, 1) if counts.total else 0.0

    return {"translated": counts.translated, "fuzzy": counts.fuzzy, "refused": counts.refused,
            "untranslated": counts.untranslated, "warnings": counts.warnings,
            "total": counts.total,
            "translated_pct": share(counts.translated), "fuzzy_pct": share(counts.fuzzy),
            "refused_pct": share(counts.refused)}


def shown_translated(app: Sphinx, code: str, documents: Iterable[str]) -> dict[str, bool]:
    """Tell, for each document, whether its page in ``code`` is shown translated.

    Each page is translated as the build of ``code`` translates it (the same translator, the
    same threshold, refused entries left out); a page that cannot be read is shown in English.
    """
    applied = i18n.translator(app.env, code)
    shown = {}
    for document in documents:
        try:
            source = xhtml.parse_source(Path(app.srcdir, document).read_bytes(), document)
        except (OSError, xhtml.XHTMLError):
            shown[document] = False
            continue
        shown[document] = (applied is not None
                           and applied.translate_source(source)[1].written_translated)
    return shown


def catalog_figures(app: Sphinx, code: str, path: Path
                    ) -> tuple[stats.LanguageStats, dict[str, bool]]:
    """Return the counts of the catalog of ``code`` at ``path`` and each page's language.

    Counting and translating every page of every language is most of a one-page rebuild, and
    the figures of the languages not being built seldom change: they are kept beside the
    build's environment, one file per language, while the catalog, its terminology, the pages
    it names and lore's code are byte for byte the same.
    """
    kept = Path(app.doctreedir) / f"lore-status-{code}.pickle"
    settings = (code, app.config.lore_keep_percent,
                sorted(app.config.lore_untranslated_pre_classes))
    key = memo.files_digest(repr(settings),
                            [path, path.parent.parent / terminology.FILE_NAME])
    found = memo.load(kept, key)
    if found is not None:
        pages_key, figures, shown = found
        if pages_key == _pages_digest(app, figures.documents):
            return figures, shown
    figures = stats.catalog_stats(i18n.load_catalog(path))
    shown = shown_translated(app, code, figures.documents)
    memo.store(kept, key, (_pages_digest(app, figures.documents), figures, shown))
    return figures, shown


def _pages_digest(app: Sphinx, documents: Iterable[str]) -> str:
    return memo.files_digest("pages", [Path(app.srcdir, document) for document in documents])


def language_status(app: Sphinx, code: str) -> dict[str, object]:
    """Return what the status page shows for one language."""
    path = i18n.catalog_file(app.env, code)
    _ = labels.gettext_for(app.config.language)
    row: dict[str, object] = {"code": code, "name": display_name(code),
                              "url": f"../{code}/{app.config.root_doc}.html", "documents": [],
                              "books": downloads.links(app, "lore-status", code)}
    if code == SOURCE:
        row["note"] = _("Source language.")
        return row
    if path is None or not path.is_file():
        row["note"] = _("No catalog yet: built in the source language.")
        return row
    try:
        figures, shown = catalog_figures(app, code, path)
    except po.CatalogError as error:
        row["note"] = _("Catalog unreadable: %(error)s") % {"error": error}
        return row
    row["bar"] = bar(figures.total)
    row["catalog"] = path.relative_to(app.srcdir).as_posix()
    row["documents"] = [{"path": doc, "bar": bar(counts), "kept": shown[doc]}
                        for doc, counts in figures.documents.items()]
    return row


def collect_status_page(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: the status page, and a root ``index`` when the root doc is not.

    Only on the web site: a book (ePub) has one language and no site to lead to.
    """
    if app.builder.name not in switcher.SITE_BUILDERS:
        return
    rows = [language_status(app, code) for code in switcher.site_languages(app)]
    context = {"title": "Translation status", "lore_rows": rows,
               "lore_keep": app.config.lore_keep_percent}
    yield "lore-status", context, "lore-status.html"
    if "index" not in app.env.found_docs:
        yield "index", {"title": app.config.project, "lore_root": app.config.root_doc}, \
            "lore-redirect.html"
