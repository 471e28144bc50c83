"""The book formats of a language's site (PDF, ePub): their file names and the links to them.

The files are published in the language's folder beside its pages, so a page links them by a
relative path; ``lore build`` tells the HTML build which formats it builds (``lore_formats``).
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

from lore.site.languages import SOURCE

BOOK_FORMATS = ("pdf", "epub")
LABELS = {"pdf": "PDF", "epub": "EPUB"}
MEDIA_TYPES = {"pdf": "application/pdf", "epub": "application/epub+zip"}


def book_name(project: str, language: str, format: str) -> str:
    """Return the file name of ``project``'s book in ``language`` and ``format``."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-") or "docs"
    return f"{slug}-{language}.{format}"


def built_formats(app: Sphinx) -> list[str]:
    """Return the book formats this build publishes beside the pages (``lore_formats``)."""
    chosen = app.config.lore_formats
    names = chosen.split(",") if isinstance(chosen, str) else chosen
    return [name for name in BOOK_FORMATS if name in names]


def links(app: Sphinx, pagename: str, language: str | None = None) -> list[dict[str, str]]:
    """Return the links from ``pagename`` to the books of ``language`` (default: this build's).

    Another language's books are in that language's folder, beside this one.
    """
    up = "../" * pagename.count("/")
    if language is not None:
        up += f"../{language}/"
    language = language or app.config.language or SOURCE
    return [{"format": name, "label": LABELS[name], "type": MEDIA_TYPES[name],
             "url": up + book_name(app.config.project, language, name)}
            for name in built_formats(app)]


def add_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: give the templates the links to the language's books."""
    context["lore_books"] = links(app, pagename)
