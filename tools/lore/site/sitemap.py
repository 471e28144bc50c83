"""The site's sitemap: every published page of every language, with its alternates.

``lore build`` writes ``sitemap.xml`` at the top of the site (it spans the languages) once the
languages are published, from the pages that are there, and only when conf.py sets
``html_baseurl``: a sitemap, like ``hreflang`` for search engines, needs absolute URLs. Each
page lists the same page in every language (``xhtml:link rel="alternate"``), the source
language as ``x-default``. The pseudo-locale is for translators' checks, never indexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from lore.files import write_atomic
from lore.site.languages import PSEUDO, SOURCE, tag

SITEMAP = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
# Pages a search engine should not list: those that say so, and redirects.
_NOT_INDEXED = re.compile(rb"<meta[^>]+(?:name=\"robots\"[^>]+noindex|http-equiv=\"refresh\")",
                          re.IGNORECASE)


def page_url(baseurl: str, language: str, path: str) -> str:
    """Return the absolute URL of ``path`` (relative to a language's folder) in ``language``."""
    return f"{baseurl.rstrip('/')}/{language}/{path}"


def indexed_languages(languages: Iterable[str]) -> list[str]:
    """Return the languages search engines are told about: all but the pseudo-locale."""
    return [code for code in languages if code != PSEUDO]


def published_pages(folder: Path) -> set[str]:
    """Return the HTML pages of one language's site that a search engine should list."""
    pages = set()
    for path in folder.rglob("*.html"):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue  # _static, _sources, _downloads, temporary files
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if not _NOT_INDEXED.search(head):
            pages.add(relative.as_posix())
    return pages


def sitemap_xml(baseurl: str, pages: dict[str, set[str]]) -> bytes:
    """Return the sitemap of ``pages`` (language -> pages), each with its alternates."""
    root = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap={None: NAMESPACE, "xhtml": XHTML})
    for path in sorted(set().union(*pages.values())):
        there = [code for code in pages if path in pages[code]]
        for code in there:
            url = etree.SubElement(root, f"{{{NAMESPACE}}}url")
            etree.SubElement(url, f"{{{NAMESPACE}}}loc").text = page_url(baseurl, code, path)
            alternates = [(tag(other), other) for other in there]
            if SOURCE in there:
                alternates.append(("x-default", SOURCE))
            for hreflang, other in alternates:
                etree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang,
                                 href=page_url(baseurl, other, path))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_sitemap(build_root: Path, languages: Iterable[str], baseurl: str) -> Path | None:
    """Write ``build_root/sitemap.xml`` for the published ``languages``; return its path.

    Without a ``baseurl`` there is no sitemap (an old one is removed). The file is replaced
    at once, never seen half written.
    """
    target = Path(build_root) / SITEMAP
    if not baseurl:
        target.unlink(missing_ok=True)
        return None
    pages = {code: published_pages(Path(build_root) / code)
             for code in indexed_languages(languages) if (Path(build_root) / code).is_dir()}
    write_atomic(target, sitemap_xml(baseurl, pages), durable=False)
    return target
