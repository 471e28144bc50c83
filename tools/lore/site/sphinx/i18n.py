"""Localization hook: pages translated with ``lore translate``'s code, rebuilt when it changes.

A catalog holds the messages of every page, so depending on the file would rebuild every page
after any edit. Instead each page records a digest of the catalog entries that reference it,
and ``env-get-outdated`` re-reads exactly the pages whose digest changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from lore import xhtml
from lore.catalogs import catalog as po
from lore.catalogs import translate
from lore.site.sphinx.reader import SOURCE_PI

SOURCE_LANGUAGES = (None, "", "en")
logger = logging.getLogger(__name__)


def catalog_file(env: BuildEnvironment, language: str | None) -> Path | None:
    """Return the catalog of ``language`` in the project (None for the source language)."""
    if language in SOURCE_LANGUAGES:
        return None
    template = Path(env.srcdir, env.config.lore_template)
    return template.parent / language / "LC_MESSAGES" / f"{env.config.lore_domain}.po"


def _stamp(path: Path | None) -> tuple[str, int, int] | None:
    """Identify the current state of a catalog file (None when there is none)."""
    if path is None or not path.is_file():
        return None
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=8)
def _read_catalog(stamp: tuple[str, int, int]) -> po.Catalog:
    return po.read(stamp[0])


def load_catalog(path: Path | None) -> po.Catalog | None:
    """Return the parsed catalog at ``path``, or None when there is none (cached by mtime)."""
    stamp = _stamp(path)
    return None if stamp is None else _read_catalog(stamp)


@lru_cache(maxsize=8)
def _translator(stamp: tuple[str, int, int], language: str, keep: float,
                skip: frozenset[str]) -> translate.Translator:
    return translate.Translator(_read_catalog(stamp), language, keep, xhtml.SegmentOptions(skip))


def translator(env: BuildEnvironment, language: str | None = None) -> translate.Translator | None:
    """Return the translator of ``language`` (default: the build's), as ``lore translate``'s."""
    language = env.config.language if language is None else language
    stamp = _stamp(catalog_file(env, language))
    if stamp is None:
        return None
    skip = frozenset(env.config.lore_untranslated_pre_classes)
    return _translator(stamp, language, float(env.config.lore_keep_percent), skip)


@lru_cache(maxsize=8)
def _digest_table(stamp: tuple[str, int, int]) -> dict[str, str]:
    """Map each source file to a digest of the catalog entries that reference it."""
    entries: dict[str, list[tuple[str, str, bool]]] = {}
    for entry in _read_catalog(stamp).active:
        for document in entry.documents:
            entries.setdefault(document, []).append((entry.msgid, entry.msgstr, entry.fuzzy))
    return {document: hashlib.sha256(repr(sorted(found)).encode("utf-8")).hexdigest()
            for document, found in entries.items()}


def page_digest(env: BuildEnvironment, docname: str) -> str:
    """Return a digest of the catalog entries that translate ``docname`` (empty: none)."""
    stamp = _stamp(catalog_file(env, env.config.language))
    if stamp is None:
        return ""
    return _digest_table(stamp).get(source_relpath(env, docname), "")


def source_relpath(env: BuildEnvironment, docname: str) -> str:
    """Return the source path of ``docname`` relative to the project, as catalogs cite it."""
    return Path(env.doc2path(docname)).relative_to(env.srcdir).as_posix()


class Localized(NamedTuple):
    """A page's text as the build shows it, and whether it is wholly in the source language."""

    text: str
    in_source: bool


def source_mark(why: str) -> str:
    """The mark the site puts before a message left in the source language (``reader``)."""
    return f"<?{SOURCE_PI} {why}?>"


def localize(env: BuildEnvironment, docname: str, source: str) -> Localized:
    """Return ``source`` in the build's language, and remember which catalog entries it used.

    Each message left in the source language is preceded by a ``source_mark``; a page not
    translated at all (no catalog, or below the keep threshold) is ``in_source``.
    """
    try:
        _digests(env)[docname] = page_digest(env, docname)
        if env.config.language in SOURCE_LANGUAGES:
            return Localized(source, False)
        applied = translator(env)
    except po.CatalogError as error:
        logger.warning("%s", error)
        return Localized(source, True)
    if applied is None:
        return Localized(source, True)
    relpath = source_relpath(env, docname)
    try:
        text, report = applied.translate_source(
            xhtml.parse_source(source.encode("utf-8"), relpath), mark=source_mark)
    except xhtml.XHTMLError:
        return Localized(source, False)  # the parser reports the malformed page, with its line
    for warning in report.warnings:
        logger.info("lore translate: %s", warning)
    if not report.written_translated:
        logger.info("%s: %d of %d messages translated, below %s%%: shown in the source language",
                    relpath, report.translated, report.total, env.config.lore_keep_percent)
    return Localized(text, not report.written_translated)


_tocs_before_read: dict[str, str] = {}


def remember_tocs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: note the title and sections of each page about to be re-read."""
    _tocs_before_read.clear()
    _tocs_before_read.update({doc: _toc_text(env, doc) for doc in docnames if doc in env.tocs})


def _toc_text(env: BuildEnvironment, docname: str) -> str:
    return env.titles[docname].astext() + "\n" + env.tocs[docname].astext()


def keep_unchanged_parents(app: Sphinx, builder) -> None:
    """``write-started``: do not rewrite a page's toctree parents when its titles are unchanged.

    Sphinx rewrites every page whose toctree lists a re-read page, because the parent shows
    the child's title and sections. A catalog edit that leaves those as they were therefore
    needs no parent rewrite. The environment was saved before writing starts, so this only
    narrows the current write.
    """
    env = builder.env
    for doc, before in _tocs_before_read.items():
        if doc in env.tocs and _toc_text(env, doc) == before:
            env.files_to_rebuild.pop(doc, None)


def _digests(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, "lore_digests"):
        env.lore_digests = {}
    return env.lore_digests


def outdated_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages whose catalog entries changed since they were read."""
    digests = _digests(env)
    return [doc for doc, digest in digests.items()
            if doc in env.found_docs and doc not in changed and doc not in added
            and page_digest(env, doc) != digest]


def purge_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: forget a page's digest."""
    _digests(env).pop(docname, None)


def merge_digests(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                  other: BuildEnvironment) -> None:
    """``env-merge-info``: take the digests of pages read by a parallel worker."""
    theirs = _digests(other)
    _digests(env).update({doc: theirs[doc] for doc in docnames if doc in theirs})
