"""What a translated page still shows in English: marked blocks (lang="en") and a notice.

The fixture's French catalog leaves ``howto/tutorial.xhtml`` with one fuzzy entry and two
untranslated ones (above the keep threshold), and ``howto/upcoming.xhtml`` below it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
from lore.catalogs import catalog as po
from lore.site.build import build
from lxml import etree

MARKED = "//*[contains(concat(' ', @class, ' '), ' lore-untranslated ')]"
NOTICE = "//div[contains(concat(' ', @class, ' '), ' lore-translation-notice ')]"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def page(path: Path) -> lxml.html.HtmlElement:
    """Return the parsed HTML page at ``path``."""
    return lxml.html.parse(str(path)).getroot()


def text(element: lxml.html.HtmlElement) -> str:
    """Return the text of an element, whitespace folded and the heading's ¶ dropped."""
    return " ".join(element.text_content().replace("¶", "").split())


def marked(tree: lxml.html.HtmlElement) -> list[tuple[str, str, str, str]]:
    """Return (tag, reason class, lang, text) of each block marked as left in English."""
    return [(block.tag, next(c for c in block.get("class").split() if c.startswith("lore-why-")),
             block.get("lang"), text(block)) for block in tree.xpath(MARKED)]


def links(tree: lxml.html.HtmlElement, where: Path) -> list[Path]:
    """Return the files the links of the page's notice lead to."""
    return [(where.parent / href).resolve() for href in tree.xpath(NOTICE + "//a/@href")]


def test_blocks_left_in_english_say_so_in_french(built_site):
    out, _, _ = built_site
    tree = page(out / "fr" / "howto" / "tutorial.html")
    assert marked(tree) == [
        ("p", "lore-why-fuzzy", "en", "This sentence was changed after it was translated."),
        ("p", "lore-why-untranslated", "en", "an item nobody translated yet"),
        ("h2", "lore-why-untranslated", "en", "Still to do"),
    ]
    body = tree.xpath("//div[@role='main']")[0]
    translated = body.xpath(".//p[starts-with(normalize-space(), 'Cette page est presque')]")[0]
    assert translated.get("lang") is None and translated.get("class") is None
    assert [text(e) for e in body.xpath(".//*[@lang]")][1:] == [b[3] for b in marked(tree)]
    assert "Clé" in text(body)  # the page is shown translated


def test_the_notice_counts_each_reason_and_links_to_english_and_status(built_site):
    out, _, _ = built_site
    where = out / "fr" / "howto" / "tutorial.html"
    tree = page(where)
    notice = tree.xpath(NOTICE)
    assert len(notice) == 1 and notice[0].get("lang") == "fr"
    assert notice[0].getprevious().tag == "h1"  # under the title, before the text
    assert text(notice[0].xpath("p")[0]) == "3 paragraphes de cette page sont affichés en anglais :"
    assert [text(li) for li in notice[0].xpath(".//li")] == [
        "1 : le texte anglais a changé depuis sa traduction", "2 : pas encore traduits"]
    assert links(tree, where) == [out / "en" / "howto" / "tutorial.html",
                                  out / "fr" / "lore-status.html"]
    assert all(path.is_file() for path in links(tree, where))


def test_a_page_fully_translated_has_no_notice_and_no_mark(built_site):
    out, _, _ = built_site
    for language in ("fr", "ja"):
        for name in ("index", "markup", "second"):
            tree = page(out / language / "howto" / f"{name}.html")
            assert tree.xpath(NOTICE) == [] and tree.xpath(MARKED) == [], (language, name)
    assert page(out / "en" / "howto" / "tutorial.html").xpath(NOTICE + "|" + MARKED) == []


def test_a_page_shown_wholly_in_english_says_so_in_the_sites_language(built_site):
    out, _, _ = built_site
    for language, path, says in (
            ("fr", "howto/upcoming.html", "Cette page n’est pas encore traduite dans cette "
                                          "langue : elle est affichée en anglais."),
            ("de", "howto/second.html", "Diese Seite ist noch nicht in diese Sprache übersetzt: "
                                        "Sie wird auf Englisch angezeigt."),  # no catalog
    ):
        where = out / language / path
        tree = page(where)
        notice = tree.xpath(NOTICE)[0]
        assert text(notice.xpath("p")[0]) == says and notice.get("lang") == language
        section = tree.xpath("//div[@role='main']/section")[0]
        assert section.get("lang") == "en" and tree.xpath(MARKED) == []  # no tint everywhere
        assert links(tree, where) == [out / "en" / path, out / language / "lore-status.html"]


def test_the_marks_agree_with_lore_stats(built_site):
    out, _, _ = built_site
    root = out.parent.parent
    done = subprocess.run([sys.executable, "-m", "lore", "stats", "--lang", "fr", "--json"],
                          cwd=root, capture_output=True, text=True, check=True)
    documents = json.loads(done.stdout)["fr"]["documents"]
    for document in ("howto/index.xhtml", "howto/markup.xhtml", "howto/second.xhtml",
                     "howto/tutorial.xhtml"):
        counts = documents[document]
        built = out / "fr" / Path(document).with_suffix(".html")
        reasons = [reason for _, reason, _, _ in marked(page(built))]
        assert {why: reasons.count(f"lore-why-{why}") for why in
                ("fuzzy", "refused", "untranslated")} == {
            why: counts[why] for why in ("fuzzy", "refused", "untranslated")}, document


def test_refused_entries_and_the_pseudo_locale_are_marked_too(new_project, build_language):
    catalog_path = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(catalog_path)
    next(e for e in catalog.active if e.msgid == "One more paragraph.").msgstr = \
        "Encore un <b>paragraphe</b>."  # markup the msgid has not: lore check refuses it
    po.write(catalog, catalog_path)
    out = new_project / "_build" / "html"
    lines: list[str] = []
    assert build(new_project, out, ["fr", "qps"], say=lines.append) == 1  # fr fails the check
    assert "[fr] FAILED" in "\n".join(lines) and "[qps] ok" in "\n".join(lines)
    tree = page(out / "fr" / "howto" / "tutorial.html")
    assert ("p", "lore-why-refused", "en", "One more paragraph.") in marked(tree)
    assert [text(li) for li in tree.xpath(NOTICE + "//li")][-1] == \
        "1 : sa traduction est refusée par lore check"
    assert text(tree.xpath(NOTICE + "/p")[0]).startswith("4 paragraphes")

    pseudo_path = new_project / "locale" / "qps" / "LC_MESSAGES" / "howto.po"
    pseudo = po.read(pseudo_path)
    next(e for e in pseudo.active if e.msgid == "Later").set_fuzzy(True)
    po.write(pseudo, pseudo_path)
    done = build_language(new_project, "qps", "-W")
    assert done.returncode == 0, done.stderr
    tree = page(out / "qps" / "howto" / "second.html")
    assert marked(tree) == [("h2", "lore-why-fuzzy", "en", "Later")]
    notice = tree.xpath(NOTICE)[0]
    assert notice.get("lang") == "qps" and text(notice).startswith("[1 þáŕáğŕáþĥ")


def test_the_epub_carries_the_marks_and_the_notice(new_project):
    out = new_project / "_build" / "epub-fr"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-N", "-b", "epub", "-D", "language=fr",
         "-D", "version=1", "-d", str(new_project / "_build" / "doctrees-epub"),
         str(new_project), str(out)], cwd=new_project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    tree = etree.parse(str(out / "howto" / "tutorial.xhtml")).getroot()
    blocks = tree.xpath(MARKED.replace("//*", "//x:*"), namespaces=XHTML)
    assert [(etree.QName(b).localname, b.get("lang")) for b in blocks] == [
        ("p", "en"), ("p", "en"), ("h2", "en")]
    notice = tree.xpath(NOTICE.replace("//div", "//x:div"), namespaces=XHTML)[0]
    assert notice.get("lang") == "fr" and "3 paragraphes" in "".join(notice.itertext())
    assert notice.xpath(".//x:a", namespaces=XHTML) == []  # no site to link to without a base URL
