"""lore translate on the real corpus and on hostile catalogs: what comes out, what never does."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from catalog_support import (
    CORPUS,
    CORPUS_TEMPLATE,
    XML_LANG,
    canonical,
    corpus_documents,
    markup_of,
    run_lore,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lore import xhtml
from lore.catalogs import catalog as po
from lore.catalogs import pseudo, translate
from lxml import etree

PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
  <head><title>Clients</title></head>
  <body>
    <!-- kept as is -->
    <p>Call <code class="API" base="twisted.internet.reactor">run</code>
       as in <a href="clients.xhtml">the clients
       howto</a>, then <em>wait</em>.</p>
    <p><img src="login.png" alt="Secure login" /></p>
    <p>Untranslated &mdash; stays.</p>
  </body>
</html>
"""


def page_catalog(text: str, translations: dict[str, str]) -> po.Catalog:
    source = xhtml.parse_source(text.encode(), "page.xhtml")
    entries = {}
    for segment in xhtml.segments(source):
        flags = [] if segment.wrap else ["no-wrap"]
        entries[segment.msgid] = po.Entry(segment.msgid, translations.get(segment.msgid, ""),
                                          auto_comments=[f"type: {segment.kind}"], flags=flags)
    return po.Catalog(entries=list(entries.values()), path="fr.po")


def run_translate(text: str, translations: dict[str, str], keep: float = 0):
    translator = translate.Translator(page_catalog(text, translations), "fr", keep)
    return translator.translate_source(xhtml.parse_source(text.encode(), "page.xhtml"))


PARAGRAPH = ('Call <code class="API" base="twisted.internet.reactor">run</code> as in '
             '<a href="clients.xhtml">the clients howto</a>, then <em>wait</em>.')


def test_translation_replaces_messages_and_keeps_everything_else():
    out, report = run_translate(PAGE, {
        "Clients": "Clients (fr)",
        PARAGRAPH: ('Appelez <code class="API" base="twisted.internet.reactor">run</code> '
                    'comme dans <a href="clients.xhtml">le guide</a>, puis <em>attendez</em>.'),
        "Secure login": 'Connexion "sûre" <&>',
    })
    assert report.written_translated and (report.translated, report.total) == (3, 4)
    root = xhtml.parse_tree(out, "out")
    assert root.get(XML_LANG) == "fr" and root.get("lang") == "fr"
    assert root.find(".//{*}img").get("alt") == 'Connexion "sûre" <&>'
    assert "<!-- kept as is -->" in out and "Untranslated &mdash; stays." in out
    head, tail = PAGE.split("<title>")[0], PAGE.split("Untranslated")[1]
    assert out.startswith(head.replace("<html xmlns=\"http://www.w3.org/1999/xhtml\">",
                                       '<html xmlns="http://www.w3.org/1999/xhtml" '
                                       'xml:lang="fr" lang="fr">'))
    assert out.endswith(tail)


def test_bad_and_fuzzy_entries_stay_in_the_source_language_with_a_warning():
    catalog = page_catalog(PAGE, {PARAGRAPH: PARAGRAPH + "<script>x()</script>",
                                  "Clients": "Clients (fr)", "Secure login": "Connexion"})
    catalog.entries[0].set_fuzzy(True)
    translator = translate.Translator(catalog, "fr", 0)
    out, report = translator.translate_source(xhtml.parse_source(PAGE.encode(), "page.xhtml"))
    assert "<script>" not in out and "<title>Clients</title>" in out
    assert len(report.warnings) == 2
    assert any("fuzzy" in w for w in report.warnings)
    assert any("forbidden element <script>" in w for w in report.warnings)
    xhtml.check_well_formed(out, "out")


def test_each_message_left_in_the_source_language_is_named_with_why():
    catalog = page_catalog(PAGE, {PARAGRAPH: PARAGRAPH + "<script>x()</script>",
                                  "Clients": "Clients (fr)", "Secure login": "Connexion",
                                  "Untranslated &mdash; stays.": "Approximatif."})
    next(e for e in catalog.entries if e.msgid.startswith("Untranslated")).set_fuzzy(True)
    translator = translate.Translator(catalog, "fr", 0)
    source = xhtml.parse_source(PAGE.encode(), "page.xhtml")
    plain, report = translator.translate_source(source)
    assert [(segment.msgid[:12], why) for segment, why in report.kept] == [
        ("Call <code c", "refused"), ("Untranslated", "fuzzy")]
    marked, again = translator.translate_source(source, mark=lambda why: f"<?mark {why}?>")
    assert again.kept == report.kept
    # the mark stands where each content message starts, and nowhere else
    assert marked.replace("<?mark refused?>", "").replace("<?mark fuzzy?>", "") == plain
    assert "<p><?mark refused?>Call <code" in marked
    assert "<p><?mark fuzzy?>Untranslated &mdash; stays.</p>" in marked
    empty = page_catalog(PAGE, {})
    below, report = translate.Translator(empty, "fr", 80).translate_source(source, mark=str)
    assert below == PAGE and [why for _, why in report.kept] == ["untranslated"] * 4


def test_documents_below_the_threshold_are_written_in_the_source_language():
    out, report = run_translate(PAGE, {"Clients": "Clients (fr)"}, keep=80)
    assert out == PAGE and not report.written_translated and report.percent == 25


HOSTILE = [
    "<script>alert(1)</script>", "<b onclick='x()'>", "</code>", "<code>", "</p><p>", "<p>",
    '<a href="javascript:alert(1)">x</a>', '<img src="x" onerror="alert(1)"/>', "&lt;script&gt;",
    "&#60;script&#62;", "<![CDATA[</p><script>]]>", "<!--", "-->", "<!-- x -->", "&e;",
    '<!DOCTYPE x [<!ENTITY e "boom">]>', "&nbsp;", "&eacute;", "&#0;", "&#x1;", "\x00", "\x1b",
    "\x85", "<?php x?>", "<svg onload='x'>", '<a href="clients.xhtml">', "</a>", "<em>",
    "</em>", '<code class="API" base="evil">run</code>', '<em xmlns="http://evil/">', "]]>",
    "xmlns:x='y'", " on", "=", '"', "'", "<", ">", "&", "&amp;", "\n", "javascript:",
    PARAGRAPH, "Appelez", '<code class="API" base="twisted.internet.reactor">run</code>',
    '<a href="clients.xhtml">le guide</a>', "<em>attendez</em>",
]
pieces = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8))
hostile = st.lists(pieces, max_size=10).map("".join)
SOURCE_MARKUP = markup_of(PAGE)


def scripted(root: etree._Element) -> list[str]:
    found = []
    for element in root.iter():
        if isinstance(element.tag, str):
            for name, value in element.attrib.items():
                url = "".join(ch for ch in value if ch > " ").lower()
                if name.lower().startswith("on") or url.startswith("javascript:"):
                    found.append(name)
        elif not isinstance(element, etree._Comment):
            found.append("processing instruction")
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph=hostile, title=hostile, alt=hostile)
def test_hostile_translations_never_add_markup(paragraph, title, alt):
    out, _ = run_translate(PAGE, {PARAGRAPH: paragraph, "Clients": title, "Secure login": alt})
    root = xhtml.parse_tree(out, "out")  # always well formed
    assert markup_of(out) == SOURCE_MARKUP
    assert scripted(root) == []
    assert len([c for c in root.iter(etree.Comment)]) == 1


# --- the real corpus ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_catalogs(tmp_path_factory):
    """The corpus template as an identity catalog and as a pseudo catalog, written to disk."""
    folder = tmp_path_factory.mktemp("catalogs")
    template = po.read(CORPUS_TEMPLATE)
    base = po.initial(template, "qps", "2024-01-01 00:00+0000", str(folder / "qps.po"))
    po.write(pseudo.pseudo_catalog(base))
    identity = po.initial(template, "en", "2024-01-01 00:00+0000", str(folder / "id.po"))
    for entry in identity.entries:
        entry.msgstr = entry.msgid
    po.write(identity)
    return folder


@pytest.fixture(scope="module")
def pseudo_output(corpus_catalogs):
    """The corpus translated by lore with the pseudo catalog."""
    return translated_corpus(corpus_catalogs, "qps.po", "qps")


def translated_corpus(folder, catalog: str, lang: str):
    out = folder / f"out-{lang}"
    result = run_lore("translate", "--lang", lang, "--catalog", str(folder / catalog),
                      "--keep", "0", "--include-code", "-o", str(out), "howto", cwd=CORPUS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no entry was refused
    return out


@pytest.mark.shared("corpus/twisted-core")
def test_identity_catalog_gives_back_every_corpus_document(corpus_catalogs):
    out = translated_corpus(corpus_catalogs, "id.po", "en")
    documents = corpus_documents()
    assert len(documents) == 58
    for path in documents:
        source = (CORPUS / path).read_text(encoding="utf-8")
        assert canonical((out / path).read_text(encoding="utf-8"), path) == canonical(source, path)


@pytest.mark.shared("corpus/twisted-core")
def test_pseudo_catalog_transforms_every_message_text_node(pseudo_output):
    out = pseudo_output
    for path in corpus_documents():
        root = xhtml.parse_tree((out / path).read_text(encoding="utf-8"), path)
        assert root.get(XML_LANG) == "qps"
        body = root.find("{*}body")
        for element in body.iter():
            if not isinstance(element.tag, str):
                continue
            api = "api" in element.get("class", "").lower().split()
            for text, own in ((element.text, True), (element.tail, False)):
                plain = text and any("a" <= ch.lower() <= "z" for ch in text)
                assert not (plain and not (own and api)), (path, text)


def api_texts(path) -> list[tuple[str, str]]:
    """The class and text of every element of a document whose class names the API, any case."""
    root = xhtml.parse_tree(path.read_text(encoding="utf-8"), str(path))
    return [(e.get("class"), "".join(e.itertext())) for e in root.iter("{*}code", "{*}a")
            if "api" in e.get("class", "").lower().split()]


@pytest.mark.shared("corpus/twisted-core")
@pytest.mark.parametrize("path", ["howto/servers.xhtml", "howto/defer.xhtml",
                                  "howto/options.xhtml"])
def test_pseudo_keeps_api_reference_names_whatever_the_case_of_api(pseudo_output, path):
    source, translated = api_texts(CORPUS / path), api_texts(pseudo_output / path)
    assert {cls for cls, _ in source} >= ({"api"} if path != "howto/options.xhtml" else {"API"})
    assert translated == source


PO4A_SAMPLE = ["howto/amp.xhtml", "howto/defer.xhtml", "howto/pb-usage.xhtml",
               "howto/tutorial/intro.xhtml", "howto/upgrading.xhtml"]


@pytest.mark.shared("corpus/twisted-core")
@pytest.mark.skipif(shutil.which("po4a-translate") is None, reason="po4a is not installed")
@pytest.mark.parametrize("path", PO4A_SAMPLE)
def test_pseudo_translation_equals_po4a_translate(corpus_catalogs, pseudo_output, path,
                                                 tmp_path):
    ours = pseudo_output / path
    theirs = tmp_path / "po4a.xhtml"
    subprocess.run(["po4a-translate", "-f", "xhtml", "-m", path, "-p",
                    str(corpus_catalogs / "qps.po"), "-l", str(theirs), "-k", "0",
                    "-M", "utf-8", "-L", "utf-8"], cwd=CORPUS, check=True, capture_output=True)
    assert canonical(ours.read_text(encoding="utf-8"), path) == canonical(
        theirs.read_text(encoding="utf-8"), path)


def test_translate_command_writes_dir_slash_path_and_reports_each_page(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "good.xhtml").write_text(PAGE, encoding="utf-8")
    (tmp_path / "pages" / "broken.xhtml").write_text("<html><p>unclosed</html>", "utf-8")
    catalog = page_catalog(PAGE, {"Clients": "Clients (fr)", "Secure login": "Connexion",
                                  PARAGRAPH: PARAGRAPH.replace("then", "puis")})
    catalog.path = str(tmp_path / "fr.po")
    po.write(catalog)
    result = run_lore("translate", "--lang", "fr", "--catalog", "fr.po", "-o", "out",
                      "pages", cwd=tmp_path)
    assert result.returncode == 1
    assert "pages/broken.xhtml:1:" in result.stderr and "Traceback" not in result.stderr
    assert "3/4 messages (75%), kept in the source language" in result.stdout
    assert (tmp_path / "out" / "pages" / "good.xhtml").read_text("utf-8") == PAGE
    again = run_lore("translate", "--lang", "fr", "--catalog", "fr.po", "--keep", "75",
                     "-o", "out", "pages/good.xhtml", cwd=tmp_path)
    assert "3/4 messages (75%), translated" in again.stdout
    assert "puis" in (tmp_path / "out" / "pages" / "good.xhtml").read_text("utf-8")


def test_a_malformed_catalog_is_one_line_and_nothing_is_written(tmp_path):
    (tmp_path / "page.xhtml").write_text(PAGE, encoding="utf-8")
    (tmp_path / "fr.po").write_text('msgid "Clients"\nmsgstr "Clients\n', encoding="utf-8")
    result = run_lore("translate", "--lang", "fr", "--catalog", "fr.po", "-o", "out",
                      "page.xhtml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "lore: error: fr.po:2: expected a quoted string, found '\"Clients'"]
    assert not (tmp_path / "out").exists()


ATTRIBUTES = [{}, {"class": "API"}, {"class": "API", "base": "twisted.internet"},
              {"href": "clients.xhtml"}, {"href": "#top", "title": "Top"}, {"class": "footnote"}]
texts = st.text(alphabet="ab <>&\"'\n", max_size=6).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def render(tag: str, attributes: dict[str, str], children: list[str]) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


fragments = st.recursive(
    texts,
    lambda inner: st.builds(render, st.sampled_from(["b", "em", "code", "a", "q", "strong"]),
                            st.sampled_from(ATTRIBUTES), st.lists(inner, max_size=3)),
    max_leaves=6,
).filter(lambda f: f.strip())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=fragments, data=st.data())
def test_hostile_translations_of_any_markup_never_add_markup(fragment, data):
    page = PAGE.replace("<p>Untranslated &mdash; stays.</p>", f"<p>Text {fragment} end.</p>")
    source = xhtml.parse_source(page.encode(), "page.xhtml")
    msgids = [segment.msgid for segment in xhtml.segments(source)]
    tokens = [t for m in msgids for t in re.split(r"(<[^>]*>)", m) if t]
    identity, report = run_translate(page, {m: m for m in msgids})
    assert report.translated == report.total  # faithful translations are never refused
    assert canonical(identity) == canonical(page)
    piece = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(tokens),
                      st.sampled_from(msgids), st.text(max_size=4))
    translations = {m: "".join(data.draw(st.lists(piece, max_size=12))) for m in msgids}
    out, _ = run_translate(page, translations)
    root = xhtml.parse_tree(out, "out")
    assert markup_of(out) == markup_of(page)
    assert scripted(root) == []
