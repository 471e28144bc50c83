"""Found by search engines, per language: hreflang alternates, canonical links, sitemap.xml."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from lore.site.build import build
from lxml import etree

LANGUAGES = ["en", "fr", "de", "ja", "es"]  # the pseudo-locale is never indexed
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def site_pages(site: Path) -> list[str]:
    """Return every HTML page of one language's site, relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not any(part.startswith("_") for part in p.relative_to(site).parts))


def head_links(path: Path) -> tuple[list[str], dict[str, str]]:
    """Return the canonical hrefs and the hreflang -> href alternates of a page."""
    tree = lxml.html.parse(str(path)).getroot()
    canonical = tree.xpath("//head/link[@rel='canonical']/@href")
    alternates = {link.get("hreflang"): link.get("href")
                  for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")}
    return canonical, alternates


def test_every_page_of_every_language_has_its_alternates_and_canonical(built_site):
    out, status, lines = built_site
    assert status == 0, "\n".join(lines)
    for language in LANGUAGES:
        pages = site_pages(out / language)
        assert "howto/tutorial.html" in pages and "lore-status.html" in pages
        for name in pages:
            canonical, alternates = head_links(out / language / name)
            here = f"http://site/{language}/{name}"
            assert [urljoin(here, href) for href in canonical] == [here], name
            assert list(alternates) == [*LANGUAGES, "x-default"], name
            assert {code: urljoin(here, href) for code, href in alternates.items()} == {
                **{code: f"http://site/{code}/{name}" for code in LANGUAGES},
                "x-default": f"http://site/en/{name}"}, name
            assert all((out / code / name).is_file() for code in LANGUAGES)
    assert not (out / "sitemap.xml").exists()  # no html_baseurl in the fixture's conf.py


def test_pseudo_locale_pages_stay_out_of_search_engines(built_site):
    out, _, _ = built_site
    for name in site_pages(out / "qps"):
        tree = lxml.html.parse(str(out / "qps" / name)).getroot()
        assert "noindex" in tree.xpath("//meta[@name='robots']/@content"), name
        canonical, alternates = head_links(out / "qps" / name)
        here = f"http://site/qps/{name}"
        assert [urljoin(here, href) for href in canonical] == [here] and alternates == {}


def test_with_a_base_url_links_are_absolute_and_a_sitemap_lists_every_page(new_project):
    conf = new_project / "conf.py"
    conf.write_text(conf.read_text() + '\nhtml_baseurl = "https://docs.example.org/howtos/"\n')
    out = new_project / "_build" / "html"
    lines: list[str] = []
    assert build(new_project, out, ["en", "fr", "qps"], say=lines.append) == 0, "\n".join(lines)
    base = "https://docs.example.org/howtos/"
    canonical, alternates = head_links(out / "fr" / "howto" / "second.html")
    assert canonical == [f"{base}fr/howto/second.html"]
    assert alternates["de"] == f"{base}de/howto/second.html"  # a language built later
    assert alternates["x-default"] == f"{base}en/howto/second.html"

    sitemap = etree.parse(str(out / "sitemap.xml")).getroot()
    assert sitemap.tag == f"{SITEMAP}urlset"
    listed = {url.findtext(f"{SITEMAP}loc"): {
        link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        if link.get("rel") == "alternate"} for url in sitemap.findall(f"{SITEMAP}url")}
    # every page a reader can land on, in each built language; not search or the redirect
    expected = {name for name in site_pages(out / "en") if name not in ("search.html",
                                                                         "index.html")}
    assert expected >= {"howto/index.html", "howto/tutorial.html", "lore-status.html",
                        "genindex.html", "api/twisted.internet.interfaces.html"}
    assert set(listed) == {f"{base}{code}/{name}" for code in ("en", "fr") for name in expected}
    for name in expected:
        assert listed[f"{base}fr/{name}"] == {"en": f"{base}en/{name}", "fr": f"{base}fr/{name}",
                                              "x-default": f"{base}en/{name}"}

    conf.write_text(conf.read_text().replace("html_baseurl", "# html_baseurl"))
    assert build(new_project, out, ["en"], say=lines.append) == 0
    assert not (out / "sitemap.xml").exists()  # no base URL, no sitemap
