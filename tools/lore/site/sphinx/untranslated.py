"""What a translated page still shows in English: its blocks marked, and a notice on top.

The site's translator names each message it left in the source language, and why (the
decision ``lore stats`` counts: fuzzy, untranslated or refused); the reader keeps a mark where
each of those messages starts. Here each mark becomes, on the block that shows the message
(paragraph, item, heading, term, code block), the class ``lore-untranslated`` and the class
``language-en``, which docutils' HTML writers turn into ``lang="en"`` (WCAG 3.1.2, language
of parts): the HTML, the ePub and the PDF, all written from these doctrees, carry them. A page
with such blocks starts with a notice in the page's language; a page shown wholly in English
(no catalog, or below the keep threshold) says so, and its text is ``lang="en"``.
"""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from lore.catalogs import stats
from lore.site.languages import SOURCE, tag
from lore.site.sitemap import page_url
from lore.site.sphinx import labels

MARKED = "lore-untranslated"
NOTICE = "lore-translation-notice"
# The notice's lines, in this order; each marked block also has the class ``lore-why-REASON``.
REASONS = (stats.FUZZY, stats.UNTRANSLATED, stats.REFUSED)
STATUS_PAGE = "lore-status"


class source_mark(nodes.Inline, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where a message left in the source language starts; gone once its block is marked."""


class lore_page_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A link to a page of the site in some language, made for each builder."""


def language_class(code: str) -> str:
    """Return the class docutils' HTML writers turn into ``lang="CODE"``."""
    return "language-" + tag(code)


def block_of(node: nodes.Node) -> nodes.Element | None:
    """Return the block that shows ``node``: its nearest ancestor that is not inline."""
    parent = node.parent
    while parent is not None and (isinstance(parent, nodes.Inline)
                                  or not isinstance(parent, nodes.TextElement)):
        parent = parent.parent
    return parent


def mark_blocks(document: nodes.document) -> Counter[str]:
    """Mark the block of each ``source_mark``; return how many blocks, per reason.

    A mark alone in its paragraph stood before a message that is a block of its own (a
    listing link): the block after it is marked, and the empty paragraph goes.
    """
    counts: Counter[str] = Counter()
    for mark in list(document.findall(source_mark)):
        why, block = mark["why"], block_of(mark)
        mark.parent.remove(mark)
        if isinstance(block, nodes.paragraph) and not block.children:
            following = block.next_node(descend=False, siblings=True)
            block.parent.remove(block)
            block = following if isinstance(following, nodes.Element) else None
        if block is None or MARKED in block["classes"]:
            continue
        block["classes"] += [MARKED, f"lore-why-{why}", language_class(SOURCE)]
        counts[why] += 1
    return counts


def page_links(language: str, docname: str) -> nodes.paragraph:
    """The notice's links: this page in English, and the translation status."""
    _ = labels.gettext_for(language)
    return nodes.paragraph(
        "", "",
        lore_page_link("", _("Read this page in English"), language=SOURCE, page=docname),
        nodes.Text(" · "),
        lore_page_link("", _("Translation status"), language=language, page=STATUS_PAGE))


def blocks_notice(counts: Counter[str], language: str, docname: str) -> nodes.container:
    """The notice of a translated page: how many of its blocks are in English, and why."""
    ngettext = labels.ngettext_for(language)
    total = sum(counts.values())
    lines = {
        stats.FUZZY: ("%(count)d: the English text has changed since it was translated",
                      "%(count)d: the English text has changed since they were translated"),
        stats.UNTRANSLATED: ("%(count)d: not translated yet", "%(count)d: not translated yet"),
        stats.REFUSED: ("%(count)d: its translation fails lore check",
                        "%(count)d: their translations fail lore check"),
    }
    items = nodes.bullet_list(bullet="*")
    for why in REASONS:
        if counts[why]:
            text = ngettext(*lines[why], counts[why]) % {"count": counts[why]}
            items += nodes.list_item("", nodes.paragraph(text, text), classes=[f"lore-why-{why}"])
    summary = ngettext("%(count)d paragraph of this page is shown in English:",
                       "%(count)d paragraphs of this page are shown in English:",
                       total) % {"count": total}
    return nodes.container("", nodes.paragraph(summary, summary), items,
                           page_links(language, docname),
                           classes=[NOTICE, language_class(language)])


def page_notice(language: str, docname: str) -> nodes.container:
    """The notice of a page shown wholly in English."""
    text = labels.gettext_for(language)(
        "This page is not translated into this language yet: it is shown in English.")
    return nodes.container("", nodes.paragraph(text, text), page_links(language, docname),
                           classes=[NOTICE, language_class(language)])


def annotate(document: nodes.document, language: str, docname: str, in_source: bool) -> None:
    """Mark the blocks left in English and put the notice under the page's title.

    ``language`` is the build's (none for the source language); ``in_source`` tells that the
    whole page is shown in English.
    """
    counts = mark_blocks(document)
    top = document[0] if document.children else None
    if not language or language == SOURCE or not isinstance(top, nodes.section):
        return
    if in_source:
        top["classes"].append(language_class(SOURCE))
        top.insert(1, page_notice(language, docname))
    elif counts:
        top.insert(1, blocks_notice(counts, language, docname))


def link_url(app: Sphinx, docname: str, language: str, page: str) -> str | None:
    """Return where a ``lore_page_link`` leads from ``docname`` (None: nowhere to go).

    In the HTML site it is relative (``../LANG/PAGE.html``); in anything else built from
    the pages (ePub, PDF) it is absolute when ``html_baseurl`` is set, else there is no link.
    """
    if app.builder.name == "html":
        return "../" * (docname.count("/") + 1) + f"{language}/{page}.html"
    if app.config.html_baseurl:
        return page_url(app.config.html_baseurl, language, f"{page}.html")
    return None


def resolve_page_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: make each ``lore_page_link`` a link for this builder.

    Where there is nowhere to link (an ePub or PDF without ``html_baseurl``), the notice's
    line of links goes.
    """
    for link in list(doctree.findall(lore_page_link)):
        url = link_url(app, docname, link["language"], link["page"])
        if url is not None:
            link.replace_self(nodes.reference("", "", *link.children, refuri=url))
        elif link.parent.parent is not None and link.parent in link.parent.parent.children:
            link.parent.parent.remove(link.parent)
