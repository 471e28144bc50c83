"""The ``lore-pdf`` builder: the whole site of a language as one PDF, through WeasyPrint.

It is Sphinx's single-page HTML builder on the same environment (the pages already parsed and
translated for the HTML site), with a template and a print stylesheet of its own; WeasyPrint
then lays the page out: A4, page numbers, a contents list with the page of each entry, the
outline nested from the headings, a tagged PDF whose ``/Lang`` is ``<html lang>``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from pygments import token
from pygments.formatters import HtmlFormatter
from pygments.style import StyleMeta
from pygments.token import STANDARD_TYPES, Text, _TokenType
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from lore.site.languages import SOURCE, display_name
from lore.site.sphinx.downloads import book_name

_DOUBLE_FRAGMENT = re.compile(r'href="#document-[^"#]*#')
# WeasyPrint's time grows with its boxes, and Pygments' spans were most of them. The PDF
# prints as the text around them the words of an inline literal and these tokens: names
# (builtins and decorators too), punctuation, operators, whitespace, numbers, and the prompts
# and output of interactive sessions. They print in the code's colour (punctuation not bold);
# keywords, strings, comments and the other tokens keep theirs.
_PLAIN_SPAN = re.compile(r'<span class="pre">([^<]*)</span>')
_PLAIN_FAMILIES = (token.Number, token.Generic.Prompt, token.Generic.Output)
PLAIN_TOKENS = frozenset(
    {Text, Text.Whitespace, token.Name, token.Name.Namespace, token.Name.Builtin,
     token.Name.Builtin.Pseudo, token.Name.Decorator, token.Punctuation, token.Operator}
    | {ttype for ttype in STANDARD_TYPES if any(ttype in family for family in _PLAIN_FAMILIES)})
# A link within the page to an anchor it lacks (an API reference: the API pages are not in the
# book) is dead in the PDF: it prints as its text.
_ANCHOR = re.compile(r'\bid="([^"]+)"')
_LOCAL_LINK = re.compile(r'<a [^>]*\bhref="#([^"]*)"[^>]*>(.*?)</a>', re.S)
CODE_COLOUR = "000000"  # lore-print.css: div.highlight pre { color: #000 }
_SHOWN = ("color", "bold", "italic", "underline", "bgcolor", "border")
_SHOWN_ON_SPACES = ("underline", "bgcolor", "border")
PRINT_STYLE = Path(__file__).parent / "print" / "lore-print.css"
ENGINE_MISSING = ("PDF not built: WeasyPrint and Pango are needed "
                  "(pip install weasyprint; Debian: apt-get install libpango-1.0-0 "
                  "libpangoft2-1.0-0 fonts-noto-cjk)")


class LorePDFBuilder(SingleFileHTMLBuilder):
    """Write the site of one language as ``PROJECT-LANG.pdf`` in the output folder."""

    name = "lore-pdf"
    epilog = "The PDF is in %(outdir)s."
    search = False

    def handle_page(self, pagename: str, addctx: dict, templatename: str = "page.html",
                    **options) -> None:
        """Render the single page with the print template, not the site's layout."""
        language = self.config.language or SOURCE
        addctx = {**addctx, "lore_language_name": display_name(language)}
        super().handle_page(pagename, addctx, "lore-pdf.html", **options)

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict:
        """The context of the single page, its contents list linking each heading's anchor."""
        context = super().get_doc_context(docname, body, metatags)
        # Sphinx links a section as "#document-PAGE#ID": one fragment only is a link.
        for key in ("toc", "body"):
            context[key] = _DOUBLE_FRAGMENT.sub('href="#', context[key])
        context["body"] = unlink_missing(_PLAIN_SPAN.sub(r"\1", context["body"]))
        return context

    def init_highlighter(self) -> None:
        """Highlight code with :class:`PrintFormatter`: as many colours, fewer spans."""
        super().init_highlighter()
        self.highlighter.formatter = PrintFormatter

    def init(self) -> None:
        """No permalink marks after the headings: they would show in the PDF's outline."""
        self.config.html_permalinks = False
        super().init()

    def finish(self) -> None:
        """Copy the images and styles the page uses, then lay it out as a PDF."""
        self.copy_image_files()
        self.copy_static_files()
        shutil.copy(PRINT_STYLE, Path(self.outdir, "_static", PRINT_STYLE.name))
        page = Path(self.outdir, self.config.root_doc + self.out_suffix)
        target = Path(self.outdir, pdf_name(self))
        write_pdf(page, Path(self.outdir), target)

    def write_buildinfo(self) -> None:
        """No ``.buildinfo``: the folder is a scratch one, only the PDF is kept."""


def unlink_missing(body: str) -> str:
    """Return ``body`` with each link to an anchor it does not hold replaced by its text."""
    anchors = set(_ANCHOR.findall(body))
    return _LOCAL_LINK.sub(lambda link: link[0] if link[1] in anchors else link[2], body)


class PrintFormatter(HtmlFormatter):
    """Pygments' HTML formatter writing one span per run of code that looks the same."""

    def format_unencoded(self, tokensource: Iterable, outfile) -> None:
        """Format the tokens as :func:`same_look_runs` gives them."""
        super().format_unencoded(same_look_runs(tokensource, self.style), outfile)


@functools.cache
def look(style: StyleMeta, ttype: _TokenType) -> tuple:
    """Return how ``style`` prints ``ttype``: () for the code's own colour and weight."""
    while ttype not in STANDARD_TYPES:  # a subtype has its parent's class, hence style
        ttype = ttype.parent
    if ttype in PLAIN_TOKENS:
        return ()
    shown = style.style_for_token(ttype)
    found = tuple((name, shown[name]) for name in _SHOWN if shown[name])
    return () if found in ((), (("color", CODE_COLOUR),)) else found


def same_look_runs(tokens: Iterable, style: StyleMeta) -> Iterator[tuple[_TokenType, str]]:
    """Yield ``tokens`` with every type that looks the same as an earlier one renamed to it,
    and the code's colour as plain text, so that the formatter writes one span per run.

    Spaces between two tokens that look the same join their run, unless the look shows on
    spaces (an underline, a background).
    """
    first: dict[tuple, _TokenType] = {}
    run, spaces = Text, ""
    for ttype, value in tokens:
        shown = look(style, ttype)
        kind = first.setdefault(shown, ttype) if shown else Text
        if not shown and run is not Text and value.isspace() and "\n" not in value \
                and not any(name in _SHOWN_ON_SPACES for name, _ in look(style, run)):
            spaces += value
            continue
        if spaces:
            yield (kind if kind is run else Text), spaces
            spaces = ""
        run = kind
        yield kind, value
    if spaces:
        yield Text, spaces


def pdf_name(builder: LorePDFBuilder) -> str:
    """Return the PDF's file name for the language being built."""
    return book_name(builder.config.project, builder.config.language or SOURCE, "pdf")


def write_pdf(page: Path, base: Path, target: Path) -> None:
    """Lay ``page`` out into ``target`` (written under another name, then renamed).

    The page's links are relative to ``base``, the output folder, wherever the page is.
    """
    from weasyprint import HTML  # loads Pango: only when a PDF is made

    cache_page_references()
    partial = target.with_name(f".{target.name}.partial")
    HTML(filename=os.fspath(page), base_url=base.as_uri() + "/").write_pdf(
        os.fspath(partial), pdf_tags=True)
    partial.replace(target)


def cache_page_references() -> None:
    """Make pydyf's tuple of page references computed once per page count, not per use.

    WeasyPrint's tagging asks for it for every box (15,000 times in a language's PDF) and
    pydyf builds it from every page each time: a tenth of the PDF's work. Only a new page
    changes it.
    """
    import pydyf

    build = pydyf.PDF.page_references.fget
    if getattr(build, "cached", False):
        return

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        known = pdf.__dict__.get("_lore_page_references")
        if known is None or known[0] != count:
            known = pdf.__dict__["_lore_page_references"] = (count, build(pdf))
        return known[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)
