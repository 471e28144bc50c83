"""The checks of ``lore lint``: one function per code, each yielding findings at their place.

A check sees a `Page`: its path, its source text and its positioned tree. Findings on an
element inside ``hlint="off"`` are dropped here. API references are only collected here: they
are resolved for all pages at once (`lore.lint.api`).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from lore import links, xhtml
from lore.lint import pycode, tree, vocabulary
from lore.lint.tree import Element, Text

WIDTH = 80
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The end of a start tag, from just after its name: quoted values may hold ">".
_TAG_REST = re.compile(r"""(?:[^>"']+|"[^"]*"|'[^']*')*>""")
_ATTRIBUTE_NAME = re.compile(r"""\s([^\s=/>"']+)\s*=\s*(?:"[^"]*"|'[^']*')""")


class Finding(NamedTuple):
    """One problem: where (path, 1-based line and column), its code and what it is."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


class ApiRef(NamedTuple):
    """An API reference of a page, to resolve with the others."""

    name: str
    path: str
    line: int
    column: int


class Page(NamedTuple):
    """A page to check: where it is, its text, its elements in document order (the root first),
    the project root its links start from, its elements by tag, and its name in the project, as
    the site names it (no suffix)."""

    path: str
    source: xhtml.Source
    elements: list[Element]
    srcdir: Path
    by_tag: dict[str, list[Element]]
    docname: str

    @property
    def root(self) -> Element:
        """The root element."""
        return self.elements[0]

    def all(self, tag: str) -> list[Element]:
        """The elements named ``tag``, in document order."""
        return self.by_tag.get(tag, [])

    def at(self, element: Element, code: str, message: str) -> Finding:
        """A finding at ``element``'s start tag."""
        return Finding(self.path, element.line, element.column, code, message)

    def at_attribute(self, element: Element, name: str, code: str, message: str) -> Finding:
        """A finding at the attribute ``name`` of ``element`` (at the tag if not found)."""
        text = self.source.text
        start = self.source.line_starts[element.line - 1] + element.column - 1
        end = _TAG_REST.match(text, start + 1)
        for found in _ATTRIBUTE_NAME.finditer(text, start, end.end() if end else len(text)):
            if found.group(1) == name:
                return Finding(self.path, *tree.place(self.source, found.start(1)), code, message)
        return self.at(element, code, message)

    def at_text(self, line: int, column: int, code: str, message: str) -> Finding:
        """A finding at a place in the page's text."""
        return Finding(self.path, line, column, code, message)

    def relative(self, href: str) -> str | None:
        """The path of ``href``'s file, from where the page's path is given; None when it is not
        a file of the project folder (`lore.links.tree_file`: the site never reads it)."""
        return _relative(self.srcdir, posixpath.dirname(self.docname), os.path.dirname(self.path),
                         href)


# A check yields each finding with the element it is about, which hlint="off" may silence.
Issue = tuple[Element, Finding]
Check = Callable[[Page], Iterator[Issue]]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    """Register a check under its code."""
    def register(function: Check) -> Check:
        CHECKS[code] = function
        return function
    return register


@check("L001")
def unknown_tags(page: Page) -> Iterator[Issue]:
    """Elements outside Lore's vocabulary."""
    for element in page.elements:
        if element.tag not in vocabulary.TAGS:
            yield element, page.at(element, "L001", f"<{element.tag}> is not an element Lore knows")


@check("L002")
def unknown_classes(page: Page) -> Iterator[Issue]:
    """Classes Lore does not know on their element."""
    for element in page.elements:
        value = element.attrs.get("class")
        unknown = value and vocabulary.unknown_classes(element.tag, value)
        if unknown:
            names = " ".join(unknown)
            message = f"class {names!r} is not one Lore knows on <{element.tag}>"
            yield element, page.at_attribute(element, "class", "L002", message)


@check("L003")
def straight_quotes(page: Page) -> Iterator[Issue]:
    """A ``"`` in text, outside ``<pre>`` and ``<code>``: once per run of text (the text between
    two tags), at its first ``"``."""
    for element in page.elements:
        if element.in_code:
            continue
        reported = False  # in this run
        for node in element.content:
            if type(node) is not Text:
                reported = False
            elif not reported and '"' in node.data:
                reported = True
                _, line, column = next(p for p in node.positions(page.source) if p[0] == '"')
                yield element, page.at_text(line, column, "L003",
                                            "straight quote in text: use <q> or typographic quotes")


def _attribute_issues(page: Page, attribute: str, code: str, advice: str) -> Iterator[Issue]:
    """A finding at ``attribute`` on each element that carries it."""
    for element in page.elements:
        if attribute in element.attrs:
            message = f"{attribute} attribute on <{element.tag}>: {advice}"
            yield element, page.at_attribute(element, attribute, code, message)


@check("L004")
def style_attributes(page: Page) -> Iterator[Issue]:
    """``style`` attributes."""
    return _attribute_issues(page, "style", "L004", "leave style to the site")


@check("L005")
def align_attributes(page: Page) -> Iterator[Issue]:
    """``align`` attributes."""
    return _attribute_issues(page, "align", "L005", "leave layout to the site")


@check("L006")
def style_elements(page: Page) -> Iterator[Issue]:
    """``<style>`` with content (``<style src="...">`` naming a sheet is fine)."""
    for element in page.all("style"):
        if "".join(element.itertext()).strip():
            yield element, page.at(element, "L006", "<style> with content: leave style to the site")


@check("L007")
def title_and_heading(page: Page) -> Iterator[Issue]:
    """Exactly one ``<title>`` and one ``<h1>``, with the same text."""
    titles, headings = page.all("title"), page.all("h1")
    if len(titles) != 1:
        where = titles[1] if titles else next(iter(page.all("head")), page.root)
        yield where, page.at(where, "L007", f"{len(titles)} <title> elements, not exactly one")
    if len(headings) != 1:
        where = headings[1] if headings else next(iter(page.all("body")), page.root)
        yield where, page.at(where, "L007", f"{len(headings)} <h1> elements, not exactly one")
    if len(titles) == 1 == len(headings) and titles[0].text() != headings[0].text():
        yield headings[0], page.at(headings[0], "L007", f"<h1> {headings[0].text()!r} differs "
                                                        f"from <title> {titles[0].text()!r}")


def text_lines(element: Element) -> list[str]:
    """The element's text, line by line (as a ``<pre>`` shows it)."""
    return "".join(element.itertext()).split("\n")


def source_place(source: xhtml.Source, element: Element, line: int, column: int
                 ) -> tuple[int, int]:
    """Where in the source the character at ``column`` of line ``line`` (both 0-based) of the
    element's text is; past a line's end, the columns after its last character."""
    after = None  # the offset just after the last character seen
    for run in element.texts():
        breaks = run.data.count("\n")
        if breaks < line:  # the line starts in a later run: no need to place this one's text
            line, after = line - breaks, run.end
            continue
        for char, offset in zip(run.data, run.offsets(source.text), strict=True):
            if line == 0 and (column == 0 or char == "\n"):
                return tree.place(source, offset if char != "\n" else (after or offset) + column)
            if line == 0:
                column -= 1
            elif char == "\n":
                line -= 1
            after = offset + 1
    if after is None:
        return element.line, element.column
    return tree.place(source, after + column)


@check("L008")
def wide_pre_lines(page: Page) -> Iterator[Issue]:
    """``<pre>`` lines wider than 80 columns, at their 81st character."""
    for element in page.all("pre"):
        for index, line in enumerate(text_lines(element)):
            width = len(line.rstrip())
            if width > WIDTH:
                number, column = source_place(page.source, element, index, WIDTH)
                yield element, page.at_text(number, column, "L008",
                                            f"<pre> line is {width} columns wide (over {WIDTH})")


def _listings(page: Page) -> Iterator[tuple[Element, str | None]]:
    """The listing links of the page (a class ending in ``listing``) and their file's path
    (None: outside the project folder, never read)."""
    for element in page.all("a"):
        if any(name.endswith("listing") for name in element.classes):
            yield element, page.relative(element.get("href", ""))


def _skip_lines(element: Element) -> int:
    try:
        return max(int(element.get("skipLines", "0")), 0)
    except ValueError:
        return 0


_is_file = functools.cache(os.path.isfile)  # pages link the same files again and again
_exists = functools.cache(os.path.exists)
_folders: dict[str, str | None] = {}  # resolved by `lore.links.tree_file` this run


@functools.cache
def _relative(srcdir: Path, folder: str, path_folder: str, href: str) -> str | None:
    """`Page.relative` of ``href`` on a page in ``folder`` (of the project; ``path_folder`` as
    the page's path names it): resolving is costly (a system call per component), and a page's
    listings are looked up by three checks."""
    if links.tree_file(srcdir, posixpath.join(folder, "page"), href, _folders) is None:
        return None
    return os.path.normpath(os.path.join(path_folder, href.partition("#")[0]))


@functools.cache
def _read_listing(path: str) -> str | None:
    """The listing's text as open() reads it (UTF-8, bad bytes replaced, universal newlines),
    read as bytes: no text layer, which asks whether each file is a terminal."""
    try:
        with open(path, "rb", buffering=0) as stream:
            data = stream.read()
    except OSError:
        return None
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


@check("L009")
def wide_listing_lines(page: Page) -> Iterator[Issue]:
    """Lines of a listing wider than 80 columns (those shown: after ``skipLines``)."""
    for element, path in _listings(page):
        skip = _skip_lines(element)
        for number, width in () if path is None else _wide_lines(path):
            if number >= skip:
                message = f"listing line is {width} columns wide (over {WIDTH})"
                yield element, Finding(path, number + 1, WIDTH + 1, "L009", message)


@functools.cache
def _wide_lines(path: str) -> list[tuple[int, int]]:
    """The lines of the listing at ``path`` wider than 80 columns (0-based) and their width
    (a listing shown on several pages is measured once)."""
    text = _read_listing(path)
    if text is None:
        return []
    return [(number, width) for number, line in enumerate(text.splitlines())
            if len(line) > WIDTH and (width := len(line.rstrip())) > WIDTH]


@check("L010")
def missing_listings(page: Page) -> Iterator[Issue]:
    """Listing links to a file that does not exist, or that is outside the project folder."""
    for element, path in _listings(page):
        href = element.get("href", "")
        if path is None:
            message = f"listing {href!r} is outside the project folder: not read"
        elif not _is_file(path):
            message = f"listing {href!r} not found ({path})"
        else:
            continue
        yield element, page.at_attribute(element, "href", "L010", message)


@check("L011")
def python_blocks(page: Page) -> Iterator[Issue]:
    """``<pre class="python">`` that does not compile, at the place of the error."""
    for element in page.all("pre"):
        if "python" not in element.classes:
            continue
        error = pycode.snippet_error(text_lines(element))
        if error is not None:
            number, column = source_place(page.source, element, error.line, error.column)
            yield element, page.at_text(number, column, "L011",
                                        f"Python does not compile: {error.message}")


@check("L012")
def links_in_headings(page: Page) -> Iterator[Issue]:
    """An ``<a>`` inside a heading."""
    for element in page.elements:
        if element.tag in HEADINGS:
            for link in element.iter("a"):
                yield link, page.at(link, "L012", f"<a> inside <{element.tag}>")


@check("L013")
def url_texts(page: Page) -> Iterator[Issue]:
    """A link whose text is a URL other than its ``href``."""
    for element in page.all("a"):
        href = element.get("href")
        text = "".join(element.itertext()).strip()
        if (href is not None and links.SCHEME.match(text) and not re.search(r"\s", text)
                and text != href.strip()):
            message = f"link text {text!r} is a URL other than its href {href!r}"
            yield element, page.at(element, "L013", message)


@check("L014")
def list_items(page: Page) -> Iterator[Issue]:
    """Lists holding anything but ``<li>`` (white space between items is fine)."""
    for element in page.elements:
        if element.tag not in ("ul", "ol"):
            continue
        for node in element.content:
            if isinstance(node, Element) and node.tag != "li":
                yield node, page.at(node, "L014", f"<{node.tag}> directly inside <{element.tag}>")
            elif isinstance(node, Text) and node.data.strip():
                _, line, column = next(p for p in node.positions(page.source) if not p[0].isspace())
                yield element, page.at_text(line, column, "L014",
                                            f"text directly inside <{element.tag}>")


@check("L101")
def python_listings(page: Page) -> Iterator[Issue]:
    """``py-listing`` files that do not compile, at the place of the error in the file."""
    for element, path in _listings(page):
        if "py-listing" not in element.classes or path is None:
            continue
        error = _listing_error(path)
        if error:
            yield element, Finding(path, error.line + 1, error.column + 1, "L101",
                          f"Python does not compile: {error.message}")


def forget_files() -> None:
    """Forget what the file caches learnt: a new run must see the files as they are now."""
    for cached in (_is_file, _exists, _relative, _read_listing, _wide_lines,
                   _listing_error):
        cached.cache_clear()
    _folders.clear()


@functools.cache
def _listing_error(path: str) -> pycode.CodeError | None:
    """Where the listing at ``path`` fails to compile (each listing compiled once)."""
    text = _read_listing(path)
    return None if text is None else pycode.compile_error(text)


def _is_internal(element: Element, href: str) -> bool:
    return not (links.is_external(href) or href.startswith(("/", "#")) or not href.strip()
                or "absolute" in element.classes
                or any(name.endswith("listing") for name in element.classes))


@check("L102")
def missing_link_targets(page: Page) -> Iterator[Issue]:
    """Links to a page or a file that does not exist, or that leave the project folder (the
    site resolves them as `lore.links`)."""
    srcdir, docname = page.srcdir, page.docname
    for element in page.all("a"):
        href = element.get("href", "")
        if not _is_internal(element, href):
            continue
        target = links.page_target(srcdir, docname, href)
        if target is not None:
            found = _is_file(os.path.join(srcdir, target.docname + links.SOURCE_SUFFIX))
        elif (path := page.relative(href)) is None:
            message = f"link to {href!r} leaves the project folder"
            yield element, page.at_attribute(element, "href", "L102", message)
            continue
        else:
            found = _exists(path)
        if not found:
            yield element, page.at_attribute(element, "href", "L102",
                                             f"link to {href!r}: no such page or file")


def api_references(page: Page) -> Iterator[ApiRef]:
    """The page's API references (`lore.xhtml.is_api_class`), outside ``hlint="off"``."""
    for element in page.elements:
        if (element.tag in ("code", "a") and not element.silenced
                and xhtml.is_api_class(element.get("class", ""))):
            yield ApiRef(xhtml.api_name(element), page.path, element.line, element.column)


def check_page(page: Page, codes: frozenset[str]) -> list[Finding]:
    """Run the checks of ``codes`` on ``page``; drop findings inside ``hlint="off"``."""
    return [finding for code, function in CHECKS.items() if code in codes
            for element, finding in function(page) if not element.silenced]


def lint_document(path: str, codes: frozenset[str], srcdir: Path) -> tuple[list, list, dict]:
    """Read and check one page: its findings, its API references and the Python parse results
    it used (`lore.lint.cache`), as plain values (what `lore.forkmap.fork_map` carries back).
    A page that cannot be read is one L000 finding."""
    pycode.used.clear()
    try:
        source = xhtml.read_source(path, well_formed=False)  # tree.parse checks that
        elements = tree.parse(source)
    except xhtml.XHTMLError as error:
        return [(path, error.line or 1, error.column or 1, "L000", error.message)], [], {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # compiling: an invalid escape is a warning, not an error
        findings, refs = _lint_page(path, source, elements, codes, srcdir)
    return findings, refs, dict(pycode.used)


def _lint_page(path: str, source: xhtml.Source, elements: list[Element],
               codes: frozenset[str], srcdir: Path) -> tuple[list, list]:
    by_tag: dict[str, list[Element]] = {}
    for element in elements:
        by_tag.setdefault(element.tag, []).append(element)
    docname = os.path.relpath(path, srcdir).removesuffix(links.SOURCE_SUFFIX)
    page = Page(path, source, elements, srcdir, by_tag, docname)
    refs = api_references(page) if "L103" in codes else ()
    return [tuple(finding) for finding in check_page(page, codes)], [tuple(ref) for ref in refs]
