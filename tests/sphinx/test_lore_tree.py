"""Lore constructs of real trees: listings, page links, navigation, API links, the markup Lore
accepted, and the defects that must stay warnings, on a small tree written for the test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from chromium import launched, needs_chromium

CONF = """\
project = "A Lore tree"
extensions = ["lore.sphinx"]
source_suffix = {".xhtml": "lore-xhtml"}
root_doc = "howto/index"
exclude_patterns = ["_build", "locale"]
lore_corpus = ["howto", "extra/page.xhtml"]
"""
API_SITE = "https://api.example.org/%s.html"


def page(title: str, body: str, head: str = "") -> str:
    """A Lore XHTML page: ``title`` as its title and ``h1``, then ``body``."""
    return (f'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
            f"<head><title>{title}</title>{head}</head>\n<body>\n<h1>{title}</h1>\n"
            f"{body}\n</body>\n</html>\n")


# Each page keeps one construct per line, so that a warning's line says which one it is.
PAGES = {
    "howto/index.xhtml": page("Start", """\
<p>Read <a href="alpha.html">the first page</a> and <a href="sub/">the sub-pages</a>.</p>
<p>A <a href="nowhere.html">link to no page</a> and a <a href="empty/">folder without index</a>.</p>
<p>An <a class="absolute" href="../elsewhere/thing.html">absolute link</a> as written.</p>"""),
    "howto/alpha.xhtml": page("Alpha", """\
<p>Before the listings.</p>
<a href="listings/prog.py" class="py-listing" skipLines="2">prog.py</a>
Loose text after the first listing.
<a href="listings/app.tac" class="py-listing">A tac file</a>
<a href="listings/res.rpy" class="py-listing">A resource script</a>
<a href="listings/old.py-1" class="py-listing">An older version</a>
<a href="listings/page.html" class="html-listing">A page template</a>
<a href="listings/notes.txt" class="listing">Some notes</a>
<p>See <a href="later.html#part">the later page</a>,
then <a href="../extra/page.html">one outside</a>.</p>
<p>Gone: <del>struck text</del>.</p>
<div hlint="off" align="center"><img hlint="off" src="dot.png" align="left" alt="a dot" /></div>
<br hlint="off" clear="all" />
<pre class="elisp">(setq answer 42)</pre>
<pre class="html">&lt;p class="x"&gt;hi&lt;/p&gt;</pre>
<p>Named: <code class="py-src-identifier">ident</code>
and <code class="py-src-keyword">def</code>.</p>
<div class="doit"><p>Do this now.</p></div>
<div class="boxed"><p>Inside a box.</p></div>
<p>A claim<span class="footnote"><p>A footnote that holds a paragraph.</p></span> here.</p>
<table><tr><th>Column with a very long heading that does not fit</th><th>Another</th></tr>
<tr><td>cell</td><td><code>{}</code></td></tr></table>
<p>Lower case: <code class="api" base="twisted.internet.interfaces">IReactorCore</code>.</p>
<p>Missing: <code class="API">twisted.nowhere.Thing</code>,
<code class="API" base="twisted.nowhere">Thing</code>.</p>
<ul><p>A paragraph directly in a list.</p></ul>
<pre class="python">x = 1 <p>not code</p></pre>""".format("_".join(["unbreakable"] * 16)),
        head='<link rel="author" href="https://example.org/ann" title="Ann Example" />'),
    "howto/later.xhtml": page("Later", '<h2 id="part">Part</h2>\n<p>Linked from Alpha only.</p>'),
    "howto/orphan.xhtml": page("Orphan", "<p>No page links here.</p>"),
    "howto/sub/index.xhtml": page("Sub", '<p><a href="deep.xhtml">Deep</a>, '
                                         '<a href="../../extra/page.html">Extra</a>.</p>'),
    "howto/sub/deep.xhtml": page("Deep", '<p>Back to <a href="../alpha.html">Alpha</a>.</p>'),
    "extra/page.xhtml": page("Extra", '<p>Back to <a href="../howto/index.html">Start</a>.</p>'),
}
FILES = {
    "howto/listings/prog.py": "# licence line one\n# licence line two\n\nprint('shown')\n",
    "howto/listings/app.tac": "application = make_application('tac')\n",
    "howto/listings/res.rpy": "resource = make_resource('rpy')\n",
    "howto/listings/old.py-1": "def older_version():\n    pass\n",
    "howto/listings/page.html": "<html><body><p>template</p></body></html>\n",
    "howto/listings/notes.txt": "plain notes, <not> markup\n",
    "howto/empty/readme.txt": "a folder without an index page\n",
}


def place(name: str, snippet: str) -> str:
    """Return ``page:line`` of the first line of page ``name`` holding ``snippet``."""
    lines = PAGES[name].splitlines()
    return f"{name}:{next(n for n, line in enumerate(lines, 1) if snippet in line)}"


# The defects the tree has on purpose: (page:line, what the warning says).
DEFECTS = {
    (place("howto/index.xhtml", "nowhere.html"), "link to 'nowhere.html': no such page or file"),
    (place("howto/index.xhtml", "empty/"), "link to the folder 'empty/', which has no index"),
    (place("howto/alpha.xhtml", "twisted.nowhere.Thing"),
     "API name twisted.nowhere.Thing is not in refreactor (named 2 times, first here)"),
    (place("howto/alpha.xhtml", "directly in a list"), "<p> in a list: kept as an item"),
    (place("howto/alpha.xhtml", "not code"), "element <p> inside <pre>: kept as text"),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """The test's Lore tree, as a Sphinx project."""
    root = tmp_path_factory.mktemp("lore-tree") / "project"
    for name, text in {**PAGES, **FILES}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    shutil.copy(Path(__file__).parent / "project" / "howto" / "dot.png", root / "howto")
    (root / "conf.py").write_text(CONF)
    return root


def warnings(stderr: str, root: Path) -> set[tuple[str, str]]:
    """Return each warning of a build as (page:line, message)."""
    found = set()
    for line in stderr.splitlines():
        match = re.match(r"(.*?): WARNING: (.*?)(?: \[[\w.]+\])?$", line)
        if match:
            found.add((match.group(1).replace(f"{root}/", ""), match.group(2)))
    return found


@pytest.fixture(scope="module")
def built(tree, build_language) -> tuple[Path, set[tuple[str, str]]]:
    """The tree built in English with autodoc API pages: (site, warnings)."""
    done = build_language(tree, "en")
    assert done.returncode == 0, done.stderr
    return tree / "_build" / "html" / "en", warnings(done.stderr, tree)


def html(site: Path, name: str) -> lxml.html.HtmlElement:
    """The main part of a built page."""
    return lxml.html.parse(str(site / name)).getroot().xpath(".//div[@role='main']")[0]


def matches(found: set[tuple[str, str]], expected: set[tuple[str, str]]) -> bool:
    """Tell whether each found warning is one expected, and each expected one was found."""
    def hit(warning, wanted):
        return warning[0] == wanted[0] and wanted[1] in warning[1]
    return (all(any(hit(w, e) for e in expected) for w in found)
            and all(any(hit(w, e) for w in found) for e in expected))


def test_only_the_real_defects_are_warnings(built):
    _, found = built
    assert matches(found, DEFECTS), sorted(found)


def listings(site: Path) -> list[tuple[str, str]]:
    """Return each listing of the Alpha page as (highlight language, text)."""
    result = []
    for wrapper in html(site, "howto/alpha.html").xpath(
            ".//div[contains(@class, 'literal-block-wrapper')]"):
        block = wrapper.xpath(".//div[starts-with(@class, 'highlight-')]")[0]
        language = block.get("class").split()[0][len("highlight-"):]
        result.append((language, block.text_content()))
    return result


def test_every_listing_kind_is_shown_and_python_ones_highlighted(built):
    site, _ = built
    shown = listings(site)
    assert [language for language, _ in shown] == [
        "python", "python", "python", "python", "html", "none"]
    assert shown[0][1].strip() == "print('shown')"  # skipLines, then the blank line, left out
    assert "licence" not in shown[0][1]
    assert "make_application('tac')" in shown[1][1]
    assert "<p>template</p>" in shown[4][1] and "<not> markup" in shown[5][1]
    main = html(site, "howto/alpha.html")
    loose = [p for p in main.xpath(".//p") if "Loose text" in p.text_content()][0]
    assert loose.text_content().strip() == "Loose text after the first listing."
    downloads = [a.get("href") for a in main.xpath(".//a[contains(@class, 'download')]")]
    assert len(downloads) == 6 and any(d.endswith("page.html") for d in downloads)


def test_page_links_in_both_spellings_across_folders(built):
    site, _ = built
    index = html(site, "howto/index.html")
    hrefs = {a.text_content(): a.get("href") for a in index.xpath(".//a[@href]")}
    assert hrefs["the first page"] == "alpha.html"
    assert hrefs["the sub-pages"] == "sub/index.html"
    assert hrefs["absolute link"] == "../elsewhere/thing.html"
    assert "link to no page" not in hrefs and "link to no page" in index.text_content()
    alpha = {a.text_content(): a.get("href") for a in html(site, "howto/alpha.html").xpath(
        ".//a[@href]")}
    assert alpha["the later page"] == "later.html#part"
    assert alpha["one outside"] == "../extra/page.html"
    sub = {a.text_content(): a.get("href") for a in html(site, "howto/sub/index.html").xpath(
        ".//a[@href][not(@class='headerlink')]")}
    assert sub == {"Deep": "deep.html", "Extra": "../../extra/page.html"}


def test_every_page_is_in_the_navigation_in_the_order_of_the_index_pages(built):
    site, _ = built
    order, name = [], "howto/index.html"
    while name:
        order.append(name)
        head = lxml.html.parse(str(site / name)).getroot()
        following = head.xpath(".//link[@rel='next']/@href")
        name = following and str((site / name).parent.joinpath(following[0]).resolve()
                                 .relative_to(site.resolve()))
    assert order == ["howto/index.html", "howto/alpha.html", "howto/sub/index.html",
                     "howto/sub/deep.html", "extra/page.html", "howto/later.html",
                     "howto/orphan.html"]


def test_markup_lore_accepted_is_shown(built):
    site, _ = built
    main = html(site, "howto/alpha.html")
    assert main.xpath(".//span[@class='lore-del']")[0].text_content() == "struck text"
    assert main.xpath(".//div[contains(@class, 'lore-align-center')]//img[@alt='a dot']")
    assert "align-left" in main.xpath(".//img[@alt='a dot']/@class")[0]
    assert main.xpath(".//div[contains(@class, 'highlight-elisp')]")
    assert main.xpath(".//div[contains(@class, 'highlight-html')]")
    assert main.xpath(".//code[contains(@class, 'py-src-identifier')]")[0].text_content() == \
        "ident"
    authors = main.xpath(".//p[@class='lore-authors']")[0]
    assert authors.xpath(".//a/@href") == ["https://example.org/ann"]
    assert "Ann Example" in authors.text_content()
    assert "Do this now." in main.xpath(".//div[contains(@class, 'doit')]")[0].text_content()
    assert "Inside a box." in main.xpath(".//div[contains(@class, 'boxed')]")[0].text_content()
    note = main.xpath(".//aside[contains(@class, 'footnote')]")[0]
    assert "A footnote that holds a paragraph." in note.xpath("string(.//p)")
    assert main.xpath(".//div[contains(@class, 'lore-table')]/table")
    css = (site / "_static" / "lore.css").read_text()
    assert re.search(r"div\.lore-table \{[^}]*overflow-x: auto", css)


def test_lower_case_api_class_is_an_api_reference(built):
    site, _ = built
    main = html(site, "howto/alpha.html")
    link = [a for a in main.xpath(".//a[code]") if a.text_content() == "IReactorCore"][0]
    assert link.get("href").endswith("#twisted.internet.interfaces.IReactorCore")


def test_with_an_api_site_references_link_there_and_no_page_is_generated(
        tree, build_language, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(tree, project, ignore=shutil.ignore_patterns("_build", "api"))
    done = build_language(project, "en", "-D", f"lore_api_baseurl={API_SITE}")
    assert done.returncode == 0, done.stderr
    assert not any("API name" in message for _, message in warnings(done.stderr, project))
    site = project / "_build" / "html" / "en"
    links = {a.text_content(): (a.get("href"), a.get("title"))
             for a in html(site, "howto/alpha.html").xpath(".//a[contains(@class, 'lore-api')]")}
    assert links["IReactorCore"] == (
        "https://api.example.org/twisted.internet.interfaces.IReactorCore.html",
        "twisted.internet.interfaces.IReactorCore")
    assert links["Thing"][0] == "https://api.example.org/twisted.nowhere.Thing.html"
    assert not (project / "api").exists() or not list((project / "api").glob("*.rst"))


@pytest.mark.parametrize("url", ["https://api.example.org/", "https://api.example.org/%d/%s"])
def test_an_api_site_url_without_a_place_for_the_name_is_refused(
        tree, build_language, tmp_path, url):
    project = tmp_path / "project"
    shutil.copytree(tree, project, ignore=shutil.ignore_patterns("_build", "api"))
    done = build_language(project, "en", "-D", f"lore_api_baseurl={url}")
    assert done.returncode != 0
    assert "has no %s for the full dotted name" in done.stderr


@needs_chromium
def test_a_table_wider_than_the_text_scrolls_inside_its_box(built):
    site, _ = built
    with launched() as browser:
        page = browser.new_page(viewport={"width": 700, "height": 800})
        page.goto((site / "howto" / "alpha.html").as_uri())
        box = page.evaluate("""() => {
            const wrapper = document.querySelector('div.lore-table');
            const text = wrapper.parentElement.getBoundingClientRect();
            const own = wrapper.getBoundingClientRect();
            return {scroll: wrapper.scrollWidth, client: wrapper.clientWidth,
                    right: own.right, textRight: text.right,
                    page: document.documentElement.scrollWidth,
                    view: document.documentElement.clientWidth};
        }""")
    assert box["scroll"] > box["client"]  # the table is wider than its box: the box scrolls
    assert box["right"] <= box["textRight"] + 1  # the box stays within the text column
    assert box["page"] <= box["view"]  # and the page itself does not scroll sideways
