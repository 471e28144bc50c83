"""The ``lore-pdf`` builder: the whole site of a language as one PDF, through WeasyPrint.

It is Sphinx's single-page HTML builder on the same environment (the pages already parsed and
translated for the HTML site), with a template and a print stylesheet of its own; WeasyPrint
then lays the page out: A4, page numbers, a contents list with the page of each entry, the
outline nested from the headings, a tagged PDF whose ``/Lang`` is ``<html lang>``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from lore.site.languages import SOURCE, display_name
from lore.site.sphinx.downloads import book_name

_DOUBLE_FRAGMENT = re.compile(r'href="#document-[^"#]*#')
# Spans the PDF prints as the text around them: Pygments' names, punctuation, operators and
# whitespace (in the code's colour, punctuation not bold), the words of an inline literal.
# WeasyPrint's time grows with its boxes: these are over half of a language's 8,000 spans,
# and unwrapped they cut its time by about 40%.
_PLAIN_SPAN = re.compile(r'<span class="(?:n|nn|p|o|w|pre)">([^<]*)</span>')
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
        context["body"] = _PLAIN_SPAN.sub(r"\1", context["body"])
        return context

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


def pdf_name(builder: LorePDFBuilder) -> str:
    """Return the PDF's file name for the language being built."""
    return book_name(builder.config.project, builder.config.language or SOURCE, "pdf")


def write_pdf(page: Path, base: Path, target: Path) -> None:
    """Lay ``page`` out into ``target`` (written under another name, then renamed).

    The page's links are relative to ``base``, the output folder, wherever the page is.
    """
    from weasyprint import HTML  # loads Pango: only when a PDF is made

    partial = target.with_name(f".{target.name}.partial")
    HTML(filename=os.fspath(page), base_url=base.as_uri() + "/").write_pdf(
        os.fspath(partial), pdf_tags=True)
    partial.replace(target)

