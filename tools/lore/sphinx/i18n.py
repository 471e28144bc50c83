"""Localization hook: pages translated with their language's catalog, rebuilt when it changes.

A catalog holds the messages of every page, so depending on the file would rebuild every page
after any edit. Instead each page records a digest of the catalog entries that reference it,
and ``env-get-outdated`` re-reads exactly the pages whose digest changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

SOURCE_LANGUAGES = (None, "", "en")


def catalog_file(env: BuildEnvironment, language: str | None) -> Path | None:
    """Return the catalog of ``language`` in the project (None for the source language)."""
    if language in SOURCE_LANGUAGES:
        return None
    template = Path(env.srcdir, env.config.lore_template)
    return template.parent / language / "LC_MESSAGES" / f"{env.config.lore_domain}.po"


@lru_cache(maxsize=8)
def _read_catalog(path: str, stamp: tuple[int, int]) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=False)


def load_catalog(path: Path | None) -> Catalog | None:
    """Return the parsed catalog at ``path``, or None when there is none (cached by mtime)."""
    if path is None or not path.is_file():
        return None
    info = path.stat()
    return _read_catalog(str(path), (info.st_mtime_ns, info.st_size))


def entries_of(catalog: Catalog | None, relpath: str) -> list[tuple[str, str, bool]]:
    """Return ``(msgid, msgstr, fuzzy)`` of every entry referencing the source ``relpath``."""
    if catalog is None:
        return []
    found = []
    for message in catalog:
        if message.id and any(where == relpath for where, _ in message.locations):
            found.append((str(message.id), str(message.string or ""), message.fuzzy))
    return found


def page_digest(env: BuildEnvironment, docname: str) -> str:
    """Return a digest of the catalog entries that translate ``docname`` (empty: none)."""
    catalog = load_catalog(catalog_file(env, env.config.language))
    entries = entries_of(catalog, source_relpath(env, docname))
    if not entries:
        return ""
    return hashlib.sha256(repr(sorted(entries)).encode("utf-8")).hexdigest()


def source_relpath(env: BuildEnvironment, docname: str) -> str:
    """Return the source path of ``docname`` relative to the project, as catalogs cite it."""
    return Path(env.doc2path(docname)).relative_to(env.srcdir).as_posix()


def localize(env: BuildEnvironment, docname: str, source: str) -> str:
    """Return ``source`` in the build's language, and remember which catalog entries it used."""
    digests = _digests(env)
    digests[docname] = page_digest(env, docname)
    return source


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
