"""``lore build``: every language built, catalogs applied, incremental rebuilds, failures."""

from __future__ import annotations

import gc
import gettext
import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import sphinx.locale
from lore.catalogs import catalog as po
from lore.site.build import build


def page(path: Path) -> lxml.html.HtmlElement:
    """Parse a built HTML page."""
    return lxml.html.parse(str(path)).getroot()


def test_every_language_is_built_and_the_index_leads_to_them(built_site):
    out, status, lines = built_site
    assert status == 0, "\n".join(lines)
    for language in ("en", "fr", "de", "ja", "es", "qps"):
        assert f"[{language}] ok" in " ".join(lines)
        assert page(out / language / "howto" / "index.html").get("lang") == language
    links = [a.get("href") for a in page(out / "index.html").xpath("//ul//a")]
    assert links == [f"{lang}/howto/index.html" for lang in ("en", "fr", "de", "ja", "es", "qps")]


def test_a_catalog_translates_the_pages_and_sphinx_speaks_the_language(built_site):
    out, _, _ = built_site
    second = page(out / "fr" / "howto" / "second.html")
    assert second.xpath("string(//section/h1)").startswith("La deuxième page")
    assert "Cette page est traduite" in second.text_content()
    # Sphinx's own labels in French, whatever words its catalog has for them.
    search = gettext.translation("sphinx", sphinx.locale.__path__[0], ["fr"]).gettext("Search")
    assert search != "Search"
    assert second.xpath("//link[@rel='search']/@title") == [search]


def test_the_status_page_shows_lore_stats_counts(built_site):
    out, _, _ = built_site
    done = subprocess.run([sys.executable, "-m", "lore", "stats", "--lang", "fr", "--json"],
                          cwd=out.parent.parent, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout)["fr"]
    status = page(out / "en" / "lore-status.html")
    cells = status.xpath("//h2[@id='docs-fr']/following-sibling::table[1]//tbody/tr")
    shown = {row.xpath("string(td[1])"): [int(row.xpath(f"string(td[{i}])"))
                                          for i in (4, 5, 6, 7, 9)]
             for row in cells}
    assert shown == {doc: [c["translated"], c["fuzzy"], c["refused"], c["untranslated"],
                           c["warnings"]]
                     for doc, c in figures["documents"].items()}


def status_counts(out: Path, language: str, shown_in: str = "en") -> dict[str, list[int]]:
    """Each document's counts of ``language`` on the status page of ``shown_in``."""
    status = page(out / shown_in / "lore-status.html")
    cells = status.xpath(f"//h2[@id='docs-{language}']/following-sibling::table[1]//tbody/tr")
    return {row.xpath("string(td[1])"): [int(row.xpath(f"string(td[{i}])"))
                                         for i in (4, 5, 6, 7, 9)] for row in cells}


def test_the_status_page_follows_a_saved_catalog_and_a_changed_page(new_project):
    out = new_project / "_build" / "html"

    def counts(language: str) -> dict[str, list[int]]:
        assert build(new_project, out, ["fr"], say=print, formats=["html"]) == 0
        return status_counts(out, language, "fr")

    before = counts("fr")
    catalog = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Plus loin"', 'msgstr ""'))
    after = counts("fr")  # the kept figures of the old catalog are not shown
    assert after != before
    document = next(doc for doc in after if after[doc] != before[doc])
    assert after[document][0] == before[document][0] - 1  # one translated entry fewer
    assert after[document][3] == before[document][3] + 1  # one untranslated more


def test_entries_with_warnings_are_applied_and_the_status_page_counts_them(
        new_project, build_language):
    path = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(path)
    warned = next(e for e in catalog.active if e.msgstr and not e.fuzzy and "<" not in e.msgid
                  and e.msgid.endswith(".") and e.msgstr.endswith(".") and len(e.documents) == 1)
    warned.msgstr = warned.msgstr[:-1]  # final full stop dropped: warning Q106, still applied
    po.write(catalog)
    check = subprocess.run([sys.executable, "-m", "lore", "check", str(path)],
                           cwd=new_project, capture_output=True, text=True)
    assert check.returncode == 0 and " Q106 " in check.stdout
    assert build_language(new_project, "fr").returncode == 0
    built = page(new_project / "_build" / "html" / "fr" / warned.documents[0].replace(
        ".xhtml", ".html"))
    assert warned.msgstr in " ".join(built.text_content().split())
    status = page(new_project / "_build" / "html" / "fr" / "lore-status.html")
    rows = status.xpath("//h2[@id='docs-fr']/following-sibling::table[1]//tbody/tr")
    counts = {row.xpath("string(td[1])"): row.xpath("string(td[9])") for row in rows}
    assert counts[warned.documents[0]] == "1"
    assert status.xpath("string(//tr[@id='lang-fr']/td[8])") == "1"


def test_entries_refused_by_check_are_not_translated_and_the_status_page_says_so(
        new_project, build_language):
    path = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(path)
    for entry in catalog.entries:  # a newline where the msgid has none: refused by lore check
        entry.msgstr = entry.msgstr and "\n" + entry.msgstr.lstrip("\n")
    po.write(catalog)
    assert build_language(new_project, "fr").returncode == 0
    site = new_project / "_build" / "html" / "fr"
    second = page(site / "howto" / "second.html")
    assert second.xpath("string(//section/h1)").startswith("The second page")
    status = page(site / "lore-status.html")
    assert "0.0%" in status.xpath("string(//tr[@id='lang-fr'])")
    rows = status.xpath("//h2[@id='docs-fr']/following-sibling::table[1]//tbody/tr")
    assert rows and all(row.xpath("string(td[4])") == "0" and row.xpath("string(td[6])") != "0"
                        and row.xpath("string(td[8])") == "anglais" for row in rows)


def test_shown_in_names_the_language_each_page_is_built_in(built_site):
    out, _, _ = built_site
    status = page(out / "en" / "lore-status.html")
    rows = status.xpath("//h2[@id='docs-fr']/following-sibling::table[1]//tbody/tr")
    shown = {row.xpath("string(td[1])"): row.xpath("string(td[8])") for row in rows}

    def title(language: str, document: str) -> str:
        built = page(out / language / document.replace(".xhtml", ".html"))
        return built.xpath("string(//section/h1)")

    translated = {doc: title("fr", doc) != title("en", doc) for doc in shown}
    assert shown == {doc: "Français" if yes else "English" for doc, yes in translated.items()}


def test_a_language_without_catalog_is_english_with_a_note(built_site):
    out, _, _ = built_site
    second = page(out / "de" / "howto" / "second.html")
    assert second.xpath("string(//section/h1)").startswith("The second page")
    status = page(out / "en" / "lore-status.html")
    assert "No catalog yet" in status.xpath("string(//tr[@id='lang-de'])")
    assert "90.4%" in status.xpath("string(//tr[@id='lang-fr'])")  # 47 of 52 messages
    in_german = page(out / "de" / "lore-status.html")
    assert "Noch kein Katalog" in in_german.xpath("string(//tr[@id='lang-de'])")
    assert in_german.xpath("string(//a[@class='lore-status'])") == "Übersetzungen"


def test_every_page_has_the_switcher_to_the_same_page(built_site):
    out, _, _ = built_site
    for path in ("howto/markup.html", "api/twisted.internet.interfaces.html", "lore-status.html"):
        links = page(out / "ja" / path).xpath("//ul[@class='lore-switcher']//a/@href")
        up = "../" * (path.count("/") + 1)
        assert links == [f"{up}{lang}/{path}" for lang in ("en", "fr", "de", "es", "qps")]


def html_times(site: Path) -> dict[str, int]:
    """Return the modification time of every page built from a source document."""
    return {str(p.relative_to(site)): p.stat().st_mtime_ns
            for folder in ("howto", "api") for p in (site / folder).glob("*.html")}


def test_editing_one_entry_rewrites_that_page_only(new_project, build_language):
    assert build_language(new_project, "fr", "-W").returncode == 0
    site = new_project / "_build" / "html" / "fr"
    before = html_times(site)
    path = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(path)
    entry = next(e for e in catalog.active if e.msgid == "This page is translated in the "
                 "fixture catalogs.")
    entry.msgstr = "Cette page a changé de traduction."
    po.write(catalog, path)
    done = build_language(new_project, "fr", "-W")
    assert done.returncode == 0, done.stderr
    after = html_times(site)
    assert [name for name in after if after[name] != before[name]] == ["howto/second.html"]
    assert "Cette page a changé de traduction." in (site / "howto" / "second.html").read_text()


def test_a_failing_language_is_reported_and_the_others_still_build(new_project):
    fr = (new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po").read_text()
    for language, text in (
            ("ja", fr.replace('msgstr "Plus loin"', 'msgstr "<script>alert(1)</script>"')),
            ("es", fr.replace('msgstr "Plus loin"', 'msgstr "Plus loin')),  # malformed
    ):
        path = new_project / "locale" / language / "LC_MESSAGES" / "howto.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("Language: fr", f"Language: {language}"))
    lines: list[str] = []
    out = new_project / "_build" / "html"
    assert build(new_project, out, ["ja", "es", "de"], say=lines.append, formats=["html"]) == 1
    report = "\n".join(lines)
    assert "[ja] FAILED" in report and "[es] FAILED" in report and "[de] ok" in report
    assert "failed: update, ja, es" in report and "howto.po:184: expected" in report
    assert (out / "de" / "howto" / "second.html").is_file()
    assert "alert(1)" not in (out / "ja" / "howto" / "second.html").read_text()
    status = page(out / "de" / "lore-status.html")
    assert "Katalog nicht lesbar" in status.xpath("string(//tr[@id='lang-es'])")


def test_only_a_languages_own_inputs_start_its_build_again(new_project):
    out = new_project / "_build" / "html"
    lines: list[str] = []
    assert build(new_project, out, ["en", "fr"], say=lines.append) == 0, "\n".join(lines)

    def rebuild() -> list[str]:
        lines.clear()
        assert build(new_project, out, ["en", "fr"], say=lines.append) == 0, "\n".join(lines)
        return sorted(line for line in lines if line.endswith("building"))  # threads race

    (new_project / "build.log").write_text("a log written into the project root\n")
    (new_project / "README.md").write_text("# notes that no page includes\n")
    (new_project / "notes").mkdir()
    (new_project / "notes" / "draft.txt").write_text("nothing builds from this\n")
    assert rebuild() == []
    listing = new_project / "examples" / "hello.py"  # a page shows it: every language's input
    listing.write_text(listing.read_text() + "# changed\n")
    assert sorted(rebuild()) == ["[en] building", "[fr] building"]  # in parallel: any order
    books = {lang: {book: book.read_bytes() for suffix in ("pdf", "epub")
                    for book in (out / lang).glob(f"*.{suffix}")} for lang in ("en", "fr")}
    assert [len(found) for found in books.values()] == [2, 2]  # a PDF and an ePub each
    catalog = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Plus loin"', 'msgstr "Plus avant"'))
    assert rebuild() == ["[fr] building"]
    assert all(book.read_bytes() == data for book, data in books["en"].items())
    assert all(book.read_bytes() != data for book, data in books["fr"].items())


def test_the_catalog_steps_run_again_only_when_their_inputs_change(new_project):
    out = new_project / "_build" / "html"

    def run() -> str:
        lines: list[str] = []
        status = build(new_project, out, ["en", "fr"], say=lines.append, formats=["html"])
        return f"status {status}\n" + "\n".join(lines)

    assert "[catalogs] extracted, updated and checked" in run()
    assert gc.isenabled()  # extraction, run in this process, left the collector on
    assert "[catalogs] up to date" in run()
    page_file = new_project / "howto" / "second.xhtml"
    page_file.write_text(page_file.read_text().replace("An anchor target.", "A new text."))
    rerun = run()
    assert "[catalogs] extracted" in rerun and "[fr] building" in rerun
    template = (new_project / "locale" / "howto.pot").read_text()
    assert "</a>A new text." in template  # extracted, and merged into the catalog:
    assert "</a>A new text." in (new_project / "locale/fr/LC_MESSAGES/howto.po").read_text()
    catalog = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Plus loin"', 'msgstr "Plus avant"'))
    saved = run()  # a translator's save: that catalog merged and checked, no extraction
    assert "[catalogs] fr updated and checked" in saved and "[catalogs] extracted" not in saved
    assert "[catalogs] up to date" in run()
    catalog.write_text(catalog.read_text().replace('msgstr "Plus avant"',
                                                   'msgstr "<script>x()</script>"'))
    for _ in range(2):  # a failing check is reported on every run, not only the first
        failing = run()
        assert failing.startswith("status 1") and "[fr] FAILED" in failing, failing


def test_allowed_warnings_are_printed_and_a_strict_build_still_fails_on_them(new_project):
    page_file = new_project / "howto" / "second.xhtml"
    page_file.write_text(page_file.read_text().replace("<h2>Later</h2>",
                                                       '<h2>Later</h2><div class="box">x</div>'))
    out = new_project / "_build" / "html"
    for strict, status, verdict in ((False, 0, "[en] ok"), (False, 0, "[en] up to date"),
                                    (True, 1, "[en] FAILED"), (True, 1, "[en] FAILED"),
                                    (False, 0, "[en] ok")):
        lines: list[str] = []
        assert build(new_project, out, ["en"], say=lines.append, strict=strict,
                     formats=["html"]) == status
        report = "\n".join(lines)
        assert verdict in report, report
        if verdict != "[en] up to date":
            assert "second.xhtml:9: WARNING: <div> with class 'box'" in report
