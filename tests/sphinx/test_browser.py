"""The built site as a reader sees it: headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urljoin, urlparse

import lxml.html
import pytest
from chromium import launched, needs_chromium

LANGUAGES = ("en", "fr", "de", "ja", "es", "qps")

pytestmark = needs_chromium


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging each request."""

    def log_message(self, format: str, *args) -> None:
        """Stay silent."""


@pytest.fixture(scope="module")
def server(built_site):
    """The built site served over HTTP on 127.0.0.1; yields its base URL."""
    out, status, lines = built_site
    assert status == 0, "\n".join(lines)
    handler = functools.partial(QuietHandler, directory=str(out))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium."""
    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def test_each_language_index_opens_from_the_site_index(server, page):
    page.goto(server)
    for language in LANGUAGES:
        page.goto(server)
        page.click(f"ul.lore-languages a[lang='{language}']")
        page.wait_for_load_state()
        assert page.url == f"{server}{language}/howto/index.html"
        assert page.get_attribute("html", "lang") == language
        assert page.locator("section h1").count() == 1
    assert page.errors == []


def test_switcher_goes_to_the_translation_and_back(server, page, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    page.goto(f"{server}en/howto/markup.html")
    page.screenshot(path=str(shots / "en-markup.png"))
    page.click("ul.lore-switcher a[lang='fr']")
    page.wait_for_load_state()
    assert page.url == f"{server}fr/howto/markup.html"
    assert page.inner_text("section h1").startswith("Tous les balisages")
    page.screenshot(path=str(shots / "fr-markup.png"))
    page.click("ul.lore-switcher a[lang='en']")
    page.wait_for_load_state()
    assert page.url == f"{server}en/howto/markup.html"
    assert page.errors == []
    assert (shots / "en-markup.png").stat().st_size > 1000
    assert (shots / "fr-markup.png").stat().st_size > 1000


def test_api_reference_lands_on_its_autodoc_entry(server, page):
    page.goto(f"{server}fr/howto/markup.html")
    page.click("a.reference[title='twisted.internet.interfaces.IReactorCore']")
    page.wait_for_load_state()
    assert page.url.endswith("api/twisted.internet.interfaces.html"
                             "#twisted.internet.interfaces.IReactorCore")
    entry = page.locator("[id='twisted.internet.interfaces.IReactorCore']")
    assert entry.is_visible()
    assert "IReactorCore" in entry.inner_text()
    assert page.errors == []


UNTRANSFORMED = """() => {
  const main = document.querySelector("div[role=main] section");
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const skip = "code, pre, .highlight, a.headerlink, .footnote-reference, .fn-bracket, .label";
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    const text = node.textContent.trim();
    if (/[A-Za-z]/.test(text) && !/[^\\x00-\\x7f]/.test(text)) found.push(text);
  }
  return found;
}"""


def test_pseudo_locale_transforms_all_text_but_code(server, page):
    for name in ("index", "markup", "second"):
        page.goto(f"{server}qps/howto/{name}.html")
        assert page.evaluate(UNTRANSFORMED) == [], name
    assert "def greet(name):" in page.inner_text("body") or name != "markup"
    page.goto(f"{server}qps/howto/markup.html")
    assert 'return "hello " + name' in page.inner_text("div.highlight-python")
    page.goto(f"{server}en/howto/markup.html")
    assert "first bullet" in page.evaluate(UNTRANSFORMED)  # the check does see plain English
    assert page.errors == []


def test_no_page_has_a_broken_internal_link_or_a_console_error(server, built_site, page):
    out, _, _ = built_site
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                   if "_sources" not in p.parts and "_static" not in p.parts)
    ids: dict[str, set[str]] = {}
    broken = []
    for name in pages:
        tree = lxml.html.parse(str(out / name)).getroot()
        ids[name] = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    for name in pages:
        tree = lxml.html.parse(str(out / name)).getroot()
        for href in tree.xpath("//a/@href"):
            url = urljoin(f"{server}{name}", href)
            if not url.startswith(server) or urlparse(url).path.endswith("/search.html"):
                continue
            target, fragment = urldefrag(url)
            path = urlparse(target).path.lstrip("/") or "index.html"
            if not (out / path).is_file():
                broken.append(f"{name}: {href}")
            elif fragment and path.endswith(".html") and fragment not in ids.get(path, ()):
                broken.append(f"{name}: {href} (no such anchor)")
    assert broken == []
    visits = [name for name in pages if name.startswith("en/") and name != "en/index.html"]
    visits += [f"{language}/howto/markup.html" for language in LANGUAGES[1:]]
    for name in visits:
        page.goto(f"{server}{name}")
    assert page.errors == []


def test_status_page_draws_bars_without_script(server, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{server}en/lore-status.html")
    bar = tab.locator("tr#lang-fr .lore-meter span").first
    assert bar.bounding_box()["width"] > 0
    assert re.search(r"No catalog yet", tab.inner_text("tr#lang-de"))
    context.close()


LANG_OF = "(text) => { const walker = document.createTreeWalker(document.body, "\
          "NodeFilter.SHOW_TEXT); for (let n = walker.nextNode(); n; n = walker.nextNode()) "\
          "if (n.textContent.includes(text)) return n.parentElement.closest('[lang]').lang; }"


def test_a_reader_sees_the_notice_and_the_english_paragraphs_are_lang_en(server, page,
                                                                         tmp_path_factory):
    page.goto(f"{server}fr/howto/tutorial.html")
    notice = page.locator(".lore-translation-notice")
    assert notice.is_visible()
    assert notice.inner_text().startswith("3 paragraphes de cette page sont affichés en anglais")
    fuzzy = page.locator("p.lore-untranslated", has_text="This sentence was changed")
    assert fuzzy.is_visible()
    assert notice.bounding_box()["y"] < fuzzy.bounding_box()["y"]
    assert page.evaluate(LANG_OF, "This sentence was changed") == "en"
    assert page.evaluate(LANG_OF, "Still to do") == "en"
    assert page.evaluate(LANG_OF, "Cette page est presque") == "fr"
    assert page.evaluate(LANG_OF, "pas encore traduits") == "fr"  # the notice itself
    tint = page.evaluate("(e) => getComputedStyle(e).borderLeftStyle", fuzzy.element_handle())
    assert tint == "solid"
    page.screenshot(path=str(tmp_path_factory.mktemp("screenshots") / "fr-tutorial.png"))
    page.click(".lore-translation-notice a >> nth=0")
    page.wait_for_load_state()
    assert page.url == f"{server}en/howto/tutorial.html"
    assert page.errors == []


def test_a_japanese_word_typed_in_the_search_page_finds_its_page(server, page):
    page.goto(f"{server}ja/search.html")
    page.fill("input[name='q']", "読者")
    page.press("input[name='q']", "Enter")
    found = page.locator("#search-results ul.search li a").first
    found.wait_for(timeout=15000)
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))")
    assert any(href.startswith("howto/markup.html") for href in hrefs), hrefs
    assert page.errors == []
