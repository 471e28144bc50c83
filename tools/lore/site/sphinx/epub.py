"""Sphinx's ``epub`` builder set up for a lore site, so that its ePub passes ``epubcheck``.

Every value is the same whatever the builder: the HTML, PDF and ePub builds of a language
share one environment, and a changed ``env`` setting would make Sphinx read every page again.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from lore.site.languages import PSEUDO, SOURCE
from lore.site.sphinx.downloads import book_name


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: the ePub's file name, language and version.

    EPUB 3 wants a version; a project that gives none is ``latest`` (the HTML shows
    ``release``, not ``version``, so its pages do not change).
    """
    language = config.language or SOURCE
    config.epub_basename = book_name(config.project, language, "epub").removesuffix(".epub")
    config.epub_language = language
    config.version = config.version or config.release or "latest"
    if language == PSEUDO:  # the index's pseudo letter headings are not valid ePub ids
        config.epub_use_index = False
