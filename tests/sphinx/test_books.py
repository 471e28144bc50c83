"""The PDF and the ePub of every language, from the session's ``lore build`` of the fixture."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pypdf
import pytest
from lore.catalogs import catalog as po
from lore.site.sphinx.pdf import ENGINE_MISSING, same_look_runs, unlink_missing

LANGUAGES = ("en", "fr", "de", "ja", "es", "qps")
NAME = "twisted-internet-howtos"  # the project's name in conf.py, as a file name
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
# Sentences of the fixture's pages, as their catalogs (test data) translate them.
SENTENCES = {
    "en": "This page is translated in the fixture catalogs.",
    "fr": "Cette page est traduite dans les catalogues de test.",
    "ja": "このページはテスト用のカタログで翻訳されています。",
    "de": "This page is translated in the fixture catalogs.",  # no catalog: English
    "es": "This page is translated in the fixture catalogs.",
}


def book(out: Path, language: str, suffix: str) -> Path:
    """Return the book of ``language`` in the published site."""
    return out / language / f"{NAME}-{language}.{suffix}"


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The published site of the session's build (which must have succeeded)."""
    out, status, lines = built_site
    assert status == 0, "\n".join(lines)
    return out


def outline_depth(outline: list, depth: int = 1) -> int:
    """Return how deep the PDF's outline nests."""
    nested = [outline_depth(item, depth + 1) for item in outline if isinstance(item, list)]
    return max([depth, *nested])


def fonts(reader: pypdf.PdfReader) -> list[tuple[str, dict]]:
    """Return each font of every page as (base font name, font dictionary), descendants too."""
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found.append((str(font["/BaseFont"]), font))
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                found.append((str(descendant["/BaseFont"]), descendant))
    return found


def text(reader: pypdf.PdfReader) -> str:
    """Return the text of every page, lines joined."""
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_a4_tagged_in_its_language_with_a_nested_outline(site, language):
    reader = pypdf.PdfReader(book(site, language, "pdf"))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert len(reader.pages) > 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    assert outline_depth(reader.outline) >= 3  # site, page, section


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_of_the_pdf_is_embedded_and_none_is_type3(site, language):
    found = fonts(pypdf.PdfReader(book(site, language, "pdf")))
    assert found
    for name, font in found:
        assert font.get("/Subtype") != "/Type3", name
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant holds the descriptor, checked as a font of its own
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name


@pytest.mark.parametrize("language", ["en", "fr", "de", "ja", "es"])
def test_the_pdf_holds_the_pages_in_their_language(site, language):
    content = text(pypdf.PdfReader(book(site, language, "pdf")))
    assert SENTENCES[language] in re.sub(r"\s*\n\s*", "" if language == "ja" else " ", content)


def test_the_pseudo_locale_pdf_holds_the_pseudo_translation(site):
    content = text(pypdf.PdfReader(book(site, "qps", "pdf"))).replace("\n", " ")
    catalog = po.read(site.parent.parent / "locale" / "qps" / "LC_MESSAGES" / "howto.po")
    pseudo = next(e.msgstr for e in catalog.active if e.msgid == SENTENCES["en"])
    assert SENTENCES["en"] not in content and pseudo in content


def test_japanese_is_in_noto_sans_cjk_with_a_bold_face(site):
    reader = pypdf.PdfReader(book(site, "ja", "pdf"))
    names = [name for name, _ in fonts(reader)]
    cjk = [name for name in names if re.search(r"Noto.?Sans.?CJK", name)]
    assert cjk and any("Bold" in name for name in cjk), names
    assert "重み" in text(reader)  # the fixture's <strong>, in the bold face


def test_the_contents_list_links_each_page_and_gives_its_page_number(site):
    reader = pypdf.PdfReader(book(site, "fr", "pdf"))
    contents = reader.pages[1]
    lines = contents.extract_text().splitlines()
    entry = next(line for line in lines if line.startswith("La deuxième page"))
    number = int(entry.rsplit(" ", 1)[1])
    assert "Cette page est traduite" in reader.pages[number - 1].extract_text()
    links = [a.get_object() for a in contents.get("/Annots", [])]
    assert len([a for a in links if a.get("/Subtype") == "/Link"]) >= 2


def test_long_code_lines_wrap_instead_of_being_cut(site):
    content = text(pypdf.PdfReader(book(site, "en", "pdf")))
    token = "long_line_of_code_that_goes_on" + "_and_on" * 20  # in markup.xhtml's code
    assert token not in content  # not on one line, which the page is too narrow for
    assert token in re.sub(r"\s*\n\s*", "", content)  # wrapped: every character is there


def text_colours(page: pypdf.PageObject, reader: pypdf.PdfReader) -> set[tuple[float, ...]]:
    """Return the fill colours (RGB) the page shows text in."""
    colour, shown = (0.0, 0.0, 0.0), set()
    for operands, operator in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
        if operator == b"rg":
            colour = tuple(round(float(value), 3) for value in operands)
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            shown.add(colour)
    return shown


def test_code_is_highlighted_in_the_pdf(site):
    reader = pypdf.PdfReader(book(site, "en", "pdf"))
    page = next(p for p in reader.pages if "long_line_of_code" in p.extract_text())
    # the print stylesheet's text, code, page number and link colours: anything else is
    # Pygments' (the listing has a keyword, a function name, a string and a comment)
    plain = {(0.067, 0.067, 0.067), (0.0, 0.0, 0.0), (0.333, 0.333, 0.333),
             (0.102, 0.302, 0.561)}
    assert len(text_colours(page, reader) - plain) >= 3


def epubcheck(path: Path) -> subprocess.CompletedProcess | None:
    """Run Debian's epubcheck on ``path``; None when it is not installed (allowed off CI)."""
    java = shutil.which("java")
    if java is None or not EPUBCHECK.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("epubcheck (Debian package epubcheck) is missing on CI")
        return None
    return subprocess.run([java, "-jar", str(EPUBCHECK), str(path)], capture_output=True,
                          text=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_epub_passes_epubcheck_and_is_in_its_language(site, language):
    path = book(site, language, "epub")
    with zipfile.ZipFile(path) as archive:
        container = lxml.etree.fromstring(archive.read("META-INF/container.xml"))
        rootfile = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        package = lxml.etree.fromstring(archive.read(rootfile))
    found = package.xpath("//dc:language/text()",
                          namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert found == [language]
    checked = epubcheck(path)
    if checked is None:
        pytest.skip("epubcheck is not installed")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 fatals / 0 errors / 0 warnings" in checked.stdout + checked.stderr


def test_every_page_links_its_languages_books_and_the_status_page_every_language(site):
    for path in ("howto/index.html", "howto/second.html", "lore-status.html"):
        page = lxml.html.parse(str(site / "fr" / path)).getroot()
        hrefs = page.xpath("//nav[@class='lore-bar']//ul[@class='lore-books']//a/@href")
        assert [(site / "fr" / path).parent.joinpath(h).resolve() for h in hrefs] == \
            [book(site, "fr", "pdf"), book(site, "fr", "epub")]
    status = lxml.html.parse(str(site / "de" / "lore-status.html")).getroot()
    for language in LANGUAGES:
        hrefs = status.xpath(f"//tr[@id='lang-{language}']//td[@class='lore-books']//a/@href")
        assert [(site / "de").joinpath(h).resolve() for h in hrefs] == \
            [book(site, language, "pdf"), book(site, language, "epub")]


HIDE_WEASYPRINT = '''\
"""sitecustomize: this interpreter and its children find no WeasyPrint, as if not installed."""
import sys
from importlib.machinery import PathFinder


class NoWeasyPrint(PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition(".")[0] == "weasyprint":
            return None
        return super().find_spec(name, path, target)


sys.meta_path[:] = [NoWeasyPrint if f is PathFinder else f for f in sys.meta_path]
'''


def test_without_weasyprint_the_build_makes_the_sites_and_epubs_and_says_what_to_install(
        new_project, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(HIDE_WEASYPRINT)
    env = {**os.environ, "PYTHONPATH": str(shim)}
    hidden = subprocess.run([sys.executable, "-c", "import weasyprint"], env=env,
                            capture_output=True, text=True)
    assert "ModuleNotFoundError: No module named 'weasyprint'" in hidden.stderr
    done = subprocess.run([sys.executable, "-m", "lore", "build", "--lang", "fr"],
                          cwd=new_project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line for line in done.stdout.splitlines() if "WeasyPrint" in line]
    assert said == [ENGINE_MISSING]
    site = new_project / "_build" / "html"
    assert book(site, "fr", "epub").is_file() and not book(site, "fr", "pdf").exists()
    page = lxml.html.parse(str(site / "fr" / "howto" / "index.html")).getroot()
    hrefs = page.xpath("//nav[@class='lore-bar']//ul[@class='lore-books']//a/@href")
    assert [(site / "fr" / "howto").joinpath(h).resolve() for h in hrefs] == \
        [book(site, "fr", "epub")]


def test_links_to_anchors_the_pdf_page_lacks_print_as_their_text():
    body = ('<p id="here"><a class="reference internal" href="#here">back</a> '
            '<a class="reference internal" href="#twisted.x.Y" title="twisted.x.Y">'
            '<code class="xref">Y</code></a> <a href="https://example.org/">out</a></p>')
    assert unlink_missing(body) == (
        '<p id="here"><a class="reference internal" href="#here">back</a> '
        '<code class="xref">Y</code> <a href="https://example.org/">out</a></p>')


def test_the_pdfs_code_has_one_span_per_run_that_looks_the_same():
    from alabaster.support import Alabaster
    from pygments.token import Keyword, Name, Number, String, Text

    tokens = [(Keyword.Namespace, "from"), (Text.Whitespace, " "), (Keyword, "import"),
              (Name.Function, "f"), (String.Affix, "b"), (String.Double, '"x"'),
              (Number.Integer, "1"), (Keyword, "if"), (Text, "\n"), (Keyword, "is")]
    assert list(same_look_runs(tokens, Alabaster)) == [
        (Keyword.Namespace, "from"), (Keyword.Namespace, " "), (Keyword.Namespace, "import"),
        (Text, "f"), (String.Affix, "b"), (String.Affix, '"x"'), (Text, "1"),
        (Keyword.Namespace, "if"), (Text, "\n"), (Keyword.Namespace, "is")]
