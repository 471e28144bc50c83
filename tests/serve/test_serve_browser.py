"""``lore serve`` as an author and a translator see it: Debian's headless Chromium, Playwright.

A page is opened, a file is saved, and the page changes by itself: no click, no reload.
"""

from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import pytest
from chromium import launched, needs_chromium

# Milliseconds: a rebuild on a loaded two-core machine (behaviour, not timing: see benchmarks/).
PATIENCE = 180_000
CONNECTED = "html[data-lore-serve='connected']"
OVERLAY = "#lore-serve-error"
LANGUAGES = ("en", "fr", "de", "ja", "es", "qps")  # the project's conf.py

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium."""
    with launched() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser, served):
    """The function opening a site path in a new tab, once its page listens for rebuilds."""
    context = browser.new_context()

    def open_page(path: str):
        tab = context.new_page()
        tab.goto(served.url + path)
        tab.wait_for_selector(CONNECTED, state="attached", timeout=PATIENCE)
        tab.evaluate("window.loreTestMark = 'not reloaded'")
        return tab

    yield open_page
    context.close()


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` in a file as an editor saves it; return the old content."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def test_an_open_french_page_shows_an_edited_french_entry(served, open_page):
    french = open_page("fr/howto/index.html")
    english = open_page("en/howto/index.html")
    catalog = served.root / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    mark = len(served.lines)
    original = edit(catalog, 'msgstr "Les pages du corpus de test :"',
                    'msgstr "Les pages du corpus, revues :"')
    try:
        french.wait_for_function("document.body.innerText.includes('Les pages du corpus, revues')",
                                 timeout=PATIENCE)
        assert french.evaluate("window.loreTestMark") is None  # it reloaded itself
        built = [line for line in served.lines[mark:] if line.endswith("] building")]
        assert built == ["[fr] building"]  # French only
        index = urlopen(served.url, timeout=60).read().decode()
        assert all(f'href="{code}/howto/index.html"' in index for code in LANGUAGES)
    finally:
        catalog.write_text(original, encoding="utf-8")
    # The English page did not change: it was left alone.
    assert english.evaluate("window.loreTestMark") == "not reloaded"
    assert "Pages of the fixture corpus:" in english.inner_text("body")


def test_a_broken_page_shows_the_error_over_the_last_good_page_until_fixed(served, open_page):
    tabs = {"first bullet": open_page("en/howto/markup.html"),
            "première puce": open_page("fr/howto/markup.html")}
    page = served.root / "howto" / "markup.xhtml"
    original = edit(page, "<li>first bullet</li>", "<li>first <em>bullet</li>")
    line = next(number for number, text in enumerate(page.read_text().splitlines(), 1)
                if "<em>bullet</li>" in text)
    try:
        for item, tab in tabs.items():
            overlay = tab.wait_for_selector(OVERLAY, state="visible", timeout=PATIENCE)
            text = overlay.inner_text()
            assert f"howto/markup.xhtml:{line}" in text, text
            assert "mismatch" in text, text
            # Beneath it, the last good page, still served as it was.
            assert tab.locator("section h1").count() == 1
            assert tab.locator("li", has_text=item).count() == 1
    finally:
        page.write_text(original, encoding="utf-8")
    for item, tab in tabs.items():
        tab.wait_for_selector(OVERLAY, state="detached", timeout=PATIENCE)
        assert tab.locator("li", has_text=item).count() == 1


def test_the_overlay_greets_a_page_opened_while_the_build_is_broken(served, open_page):
    page = served.root / "howto" / "second.xhtml"
    original = edit(page, "</h1>", "</h1>\n<p>An <b>unclosed paragraph.</p>")
    mark = len(served.lines)
    try:
        served.wait_for(r"^failed: ", PATIENCE / 1000, after=mark)
        tab = open_page("de/howto/second.html")
        overlay = tab.wait_for_selector(OVERLAY, timeout=PATIENCE)
        assert "howto/second.xhtml:" in overlay.inner_text()
    finally:
        page.write_text(original, encoding="utf-8")
    tab.wait_for_selector(OVERLAY, state="detached", timeout=PATIENCE)
