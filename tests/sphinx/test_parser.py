"""The Lore XHTML parser, observed through the HTML that Sphinx builds from the fixture corpus."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import lxml.html
import pytest
from docutils import nodes


@pytest.fixture(scope="module")
def markup(english_site: Path) -> lxml.html.HtmlElement:
    """The main part of the built page of ``howto/markup.xhtml``."""
    page = lxml.html.parse(str(english_site / "howto" / "markup.html")).getroot()
    return page.xpath(".//div[@role='main']")[0]


def texts(page: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """Return the whitespace-normalized text of each element matching ``xpath``."""
    return [re.sub(r"[ \t\n]+", " ", e.text_content()).strip() for e in page.xpath(xpath)]


def test_title_and_nested_sections(markup):
    assert texts(markup, ".//section/h1") == ["Every kind of markup¶"]
    assert texts(markup, ".//h2") == ["Lists and definitions¶", "Code¶"]
    table_section = markup.xpath(".//h3[starts-with(., 'A table')]/..")[0]
    assert table_section.getparent().get("id") == "lists"
    assert markup.xpath(".//section/section/section/h3[starts-with(., 'Admonitions')]")


def test_inline_markup_and_entities(markup):
    paragraph = texts(markup, ".//section/p[1]")[0]
    assert "the\u00a0entity\u2014table" in paragraph
    assert "“quotation”" in paragraph
    assert texts(markup, ".//section/p[1]/em") == ["stress"]
    assert texts(markup, ".//section/p[1]/strong") == ["weight"]
    assert "plain_code()" in texts(markup, ".//section/p[1]//code")


def test_api_references_link_to_their_autodoc_entries(markup, english_site):
    links = {" ".join(a.text_content().split()): a.get("href")
             for a in markup.xpath(".//a[contains(@class, 'reference')][code]")}
    core = links["IReactorCore"]
    assert core.endswith("#twisted.internet.interfaces.IReactorCore")
    page, anchor = core.split("#")
    api_page = lxml.html.parse(str(english_site / "howto" / page)).getroot()
    assert api_page.get_element_by_id(anchor) is not None
    assert links["twisted.internet.interfaces.IReactorTime.callLater"].endswith(
        "#twisted.internet.interfaces.IReactorTime.callLater")


def test_lists_definitions_and_tables(markup):
    assert texts(markup, ".//ul[@class='simple']/li") == ["first bullet", "second bullet with code"]
    assert texts(markup, ".//ol/li/p") == ["step one", "step two", "in two paragraphs"]
    assert texts(markup, ".//dl/dt") == ["term"]
    assert markup.xpath(".//dl/@id") == ["defs"]
    assert texts(markup, ".//dl/dd") == ["its definition"]
    assert texts(markup, ".//table//th") == ["Name", "Meaning"]
    assert texts(markup, ".//table/tbody//td") == ["spam", "eggs"]


def test_pre_blocks_keep_their_language(english_site):
    # The parser's output, not Sphinx's HTML for it: each <pre> class becomes a lexer name.
    doctree = english_site.parent.parent / "doctrees" / "en" / "howto" / "markup.doctree"
    blocks = pickle.loads(doctree.read_bytes()).findall(nodes.literal_block)
    languages: dict[str, str] = {}
    for block in blocks:
        languages[block.get("language")] = languages.get(block.get("language"), "") + block.astext()
    assert 'return "hello " + name' in languages["python"]
    assert ">>> 1 + 1" in languages["pycon"]
    assert "$ python hello.py" in languages["console"]


def test_listing_is_included_with_caption_and_download(markup, english_site):
    wrapper = markup.xpath(".//div[contains(@class, 'literal-block-wrapper')]")[0]
    assert "The greeting program" in wrapper.findtext(".//span[@class='caption-text']") or \
        "The greeting program" in wrapper.xpath("string(.//div[@class='code-block-caption'])")
    assert 'print("hello world")' in wrapper.text_content()
    download = markup.xpath(".//a[contains(@class, 'download')]")[0]
    target = english_site / "howto" / download.get("href")
    assert target.read_text() == (Path(__file__).parent / "project/examples/hello.py").read_text()


def test_footnote_index_admonitions_image(markup, english_site):
    assert texts(markup, ".//aside[contains(@class, 'footnote')]/p") == [
        "A footnote about the paragraph."]
    assert markup.xpath(".//a[contains(@class, 'footnote-reference')]")
    assert "paragraphs" in (english_site / "genindex.html").read_text()
    assert texts(markup, ".//div[contains(@class, 'admonition') and contains(@class, 'note')]"
                         "/p[not(@class)]") == ["A note to the reader."]
    assert texts(markup, ".//div[contains(@class, 'warning')]/p[not(@class)]") == [
        "A warning to the reader."]
    image = markup.xpath(".//img[@alt='a dot']")[0]
    assert (english_site / "howto" / image.get("src")).is_file()


def test_internal_links_point_at_built_pages(markup, english_site):
    hrefs = [a.get("href") for a in markup.xpath(".//a[contains(@class, 'internal')]")]
    assert "index.html" in hrefs and "second.html" in hrefs
    index = lxml.html.parse(str(english_site / "howto" / "index.html")).getroot()
    assert "second.html#later" in [a.get("href") for a in index.xpath(".//a")]
    assert "https://example.org/" in [a.get("href") for a in markup.xpath(".//a")]


def test_bad_markup_is_reported_with_file_and_line(new_project, build_language):
    root = new_project
    page = root / "howto" / "second.xhtml"
    source = page.read_text().replace("<p>This page", "<p><blink>Odd</blink> This page")
    page.write_text(source.replace("<h2>Later</h2>", '<h2>Later</h2><div class="box">x</div>'))
    malformed = root / "howto" / "malformed.xhtml"
    malformed.write_text(page.read_text().replace("</p>", "", 1))
    hostile = root / "howto" / "hostile.xhtml"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY x SYSTEM '
                       '"file:///etc/passwd">]>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                       "<head><title>T</title></head><body><h1>T</h1><p>&x;</p></body></html>\n")
    done = build_language(root, "en")
    assert "second.xhtml:8: WARNING: unknown inline element <blink>" in done.stderr
    assert "second.xhtml:9: WARNING: <div> with class 'box' (not note" in done.stderr
    assert "Odd" in (root / "_build/html/en/howto/second.html").read_text()
    assert "malformed.xhtml:11: ERROR: malformed XHTML: Opening and ending tag mismatch" \
        in done.stderr
    assert "hostile.xhtml:2: ERROR: malformed XHTML: external entity" in done.stderr
    assert "root:" not in (root / "_build/html/en/howto/hostile.html").read_text()
    assert "toc.no_title" not in done.stderr  # a page that cannot be read is not in the navigation
