"""Twisted's own core howto tree (``../shared/corpus/twisted-core``) built by ``lore build``.

The tree is built as a user would build it: copied into a project with a ``conf.py`` for a
Lore tree (both corpus folders, the root page, an API site), in English and in the
pseudo-locale, once per session. Select it with ``pytest tests/sphinx/test_twisted_tree.py``
(or ``-m twisted_tree``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lore.site.build import build
from twisted_tree import API_SITE, CORPUS, defects, project_copy

LANGUAGES = ["en", "qps"]

# The tree's real defects, each a warning: (page, line, what the warning says).
DEFECTS = [(defect.page, defect.line, defect.warning) for defect in defects()]
WARNING = re.compile(r"^(?P<path>[^\s:]+?)(?::(?P<line>\d+))?: WARNING: (?P<message>.*?)"
                     r"(?: \[[\w.]+\])?$", re.M)

pytestmark = [
    pytest.mark.twisted_tree,
    pytest.mark.shared("corpus/twisted-core"),
]


@pytest.fixture(scope="session")
def twisted_site(tmp_path_factory) -> tuple[Path, Path, int, list[str]]:
    """The tree built by ``lore build``: (project, site folder, exit status, progress lines).

    Its defects are warnings, which would fail a strict build and so publish nothing: it is
    built as ``lore build --allow-warnings --formats html`` builds it.
    """
    root = project_copy(tmp_path_factory.mktemp("twisted-tree") / "project")
    lines: list[str] = []
    status = build(root, root / "_build" / "html", LANGUAGES, say=lines.append, strict=False,
                   formats=["html"])
    return root, root / "_build" / "html", status, lines


def language_warnings(root: Path, lines: list[str], language: str) -> list[tuple[str, int, str]]:
    """Return the warnings of one language's build as (page, line, message)."""
    ended = [n for n, line in enumerate(lines)
             if line.startswith((f"[{language}] ok", f"[{language}] FAILED"))]
    if not ended or ended[0] + 1 == len(lines):
        return []
    output = lines[ended[0] + 1]  # the build's output follows the line saying how it ended
    return [(m["path"].replace(f"{root}/", ""), int(m["line"] or 0), m["message"])
            for m in WARNING.finditer(output)]


def matching(found: list[tuple[str, int, str]], with_lines: bool) -> Counter:
    """Count warnings as the defects list words them (page, line or 0, message start)."""
    counted: Counter = Counter()
    for page, line, message in found:
        defect = next((d for d in DEFECTS if d[0] == page and message.startswith(d[2])
                       and (not with_lines or d[1] == line)), (page, line, message))
        counted[(defect[0], defect[1] if with_lines else 0, defect[2])] += 1
    return counted


def test_english_has_only_the_listed_source_defects(twisted_site):
    root, _, status, lines = twisted_site
    assert not any(line.startswith(("[extract]", "[update]", "[pseudo]", "[qps] FAILED\n"))
                   for line in lines), "\n".join(lines)
    found = language_warnings(root, lines, "en")
    assert matching(found, with_lines=True) == Counter(DEFECTS), "\n".join(lines)
    assert status == 0  # warnings allowed: the site is published with its defects


def test_the_pseudo_locale_has_the_same_defects_and_no_other(twisted_site):
    root, _, _, lines = twisted_site
    found = language_warnings(root, lines, "qps")
    # A translated page's warnings name the lines of its source, as in English.
    assert matching(found, with_lines=True) == Counter(DEFECTS), "\n".join(lines)


def main(site: Path, page: str) -> lxml.html.HtmlElement:
    """The main part of a built page."""
    return lxml.html.parse(str(site / page)).getroot().xpath(".//div[@role='main']")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_written_and_reachable_from_the_navigation(twisted_site, language):
    _, out, _, _ = twisted_site
    site = out / language
    sources = sorted(p.relative_to(CORPUS).with_suffix(".html")
                     for p in CORPUS.rglob("*.xhtml"))
    assert len(sources) == 59
    reached, page = [], Path("howto/index.html")
    while page is not None:
        reached.append(page)
        following = lxml.html.parse(str(site / page)).getroot().xpath(
            ".//link[@rel='next']/@href")
        page = following and (site / page).parent.joinpath(following[0]).resolve().relative_to(
            site.resolve())
        page = page or None
    assert sorted(reached) == sources
    assert reached[:3] == [Path("howto/index.html"), Path("howto/vision.html"),
                           Path("howto/servers.html")]


def listing_text(block: lxml.html.HtmlElement) -> str:
    """The text of a listing's code block."""
    return block.xpath("string(.//div[starts-with(@class, 'highlight-')])")


@pytest.mark.parametrize("language", LANGUAGES)
def test_listings_are_shown_without_their_skipped_lines(twisted_site, language):
    _, out, _, _ = twisted_site
    page = main(out / language, "howto/pb-usage.html")
    wrappers = page.xpath(".//div[contains(@class, 'literal-block-wrapper')]")
    first = (CORPUS / "examples" / "pbsimple.py").read_text().splitlines()
    shown = listing_text(wrappers[0])
    assert first[5] in shown and first[1] not in shown  # skipLines="5": the licence is gone
    assert "Copyright" not in listing_text(wrappers[1])
    tac = main(out / language, "howto/tutorial/intro.html").xpath(
        ".//div[contains(@class, 'literal-block-wrapper')]"
        "[.//span[@class='caption-text'][contains(., '.tac')]]"
        "//div[contains(@class, 'highlight-')]")
    assert tac and all("highlight-python" in block.get("class") for block in tac)
    plain = main(out / language, "howto/systemd.html").xpath(
        ".//div[contains(@class, 'literal-block-wrapper')]")
    assert len(plain) == 3 and "[Socket]" in listing_text(plain[1])


@pytest.mark.parametrize("language", ["en", "qps"])
def test_page_links_and_api_links(twisted_site, language):
    _, out, _, _ = twisted_site
    systemd = main(out / language, "howto/systemd.html")
    assert "endpoints.html" in systemd.xpath(".//a[contains(@class, 'internal')]/@href")
    ssl = main(out / language, "howto/ssl.html")
    assert "../examples/index.html" in ssl.xpath(".//a[contains(@class, 'internal')]/@href")
    servers = main(out / language, "howto/servers.html")
    api = {a.get("title"): a.get("href")
           for a in servers.xpath(".//a[contains(@class, 'lore-api')]")}
    name = "twisted.internet.protocol.Factory"
    assert api[name] == API_SITE % name
    lower = "twisted.internet.interfaces.IStreamServerEndpoint.listen"  # class="api"
    assert api[lower] == API_SITE % lower
