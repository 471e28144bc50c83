"""The Lore XHTML source parser: Lore's howto markup turned into docutils nodes."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from lxml import etree
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx import addnodes, locale
from sphinx.parsers import Parser

from lore import xhtml
from lore.links import is_external, page_target, tree_file
from lore.site.sphinx import i18n, navigation, untranslated
from lore.site.sphinx.reader import SOURCE_MARK, XHTMLError, classes, local_name, parse

PRE_LANGUAGES = {"python": "python", "python-interpreter": "pycon", "shell": "console"}
ADMONITIONS = {"note": nodes.note, "warning": nodes.warning}
# Lore's boxes: classes it styled, shown here as a styled container.
BOXES = {"doit", "boxed"}
# Listing links: the class, then the language its file is shown in (None: plain text).
LISTINGS = {"py-listing": "python", "html-listing": "html", "listing": None}
CODE_CLASSES = {"python", "shell", "py-prototype", "py-filename", "py-signature"}
SPAN_CLASSES = {"manhole-output"}  # a span Lore styled, kept with its class
IMAGE_ALIGN = {"left", "right", "center", "top", "middle", "bottom"}
BLOCKS = {"p", "pre", "ul", "ol", "dl", "table", "div", "blockquote", "h1", "h2", "h3", "h4",
          "hr", "img"}
SIMPLE_INLINES = {
    "em": nodes.emphasis, "i": nodes.emphasis, "cite": nodes.emphasis, "dfn": nodes.emphasis,
    "var": nodes.emphasis, "strong": nodes.strong, "b": nodes.strong,
    "sub": nodes.subscript, "sup": nodes.superscript,
}
# Text Lore showed struck through or underlined (no docutils node: a classed inline).
CLASSED_INLINES = {"del": "lore-del", "s": "lore-del", "strike": "lore-del",
                   "ins": "lore-ins", "u": "lore-ins"}
LITERAL_INLINES = {"code", "tt", "kbd", "samp"}
HEAD_IGNORED = {"meta", "link", "style"}
SPACES = re.compile(r"[ \t\r\n]+")  # XML white space: a no-break space stays


class lore_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A link to another howto page, resolved to the built page once all pages are known."""


class LoreXHTMLParser(Parser):
    """Parse a Lore XHTML document into a docutils tree."""

    supported = ("lore-xhtml",)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        """Translate (when a catalog applies) and convert ``inputstring`` into ``document``."""
        env = document.settings.env
        localized = i18n.localize(env, env.docname, inputstring)
        try:
            root = parse(localized.text, document["source"], original=inputstring)
        except XHTMLError as error:
            document.reporter.error(f"malformed XHTML: {error.message}", line=error.line)
            return
        Converter(document, env).convert(root)
        untranslated.annotate(document, env.config.language, env.docname, localized.in_source)


def highlightable(language: str) -> bool:
    """Tell whether Pygments has a lexer named ``language``."""
    try:
        get_lexer_by_name(language)
    except ClassNotFound:
        return False
    return True


class Converter:
    """Walk one parsed Lore XHTML tree and build its docutils nodes."""

    def __init__(self, document: nodes.document, env) -> None:
        self.document = document
        self.env = env
        self.docname: str = env.docname
        self.footnotes: list[nodes.footnote] = []

    # --- reporting --------------------------------------------------------

    def warn(self, element: etree._Element, message: str) -> None:
        """Report something the converter does not know, at the element's line."""
        self.document.reporter.warning(message, line=element.sourceline)

    def locate(self, node: nodes.Node, element: etree._Element) -> nodes.Node:
        """Give ``node`` the source and line of ``element``."""
        node.source = self.document["source"]
        node.line = element.sourceline
        return node

    # --- document structure ----------------------------------------------

    def convert(self, root: etree._Element) -> None:
        """Fill the document from the ``html`` root element."""
        head = next((c for c in root if local_name(c) == "head"), None)
        body = next((c for c in root if local_name(c) == "body"), None)
        title = self.head_title(head)
        if body is None:
            self.warn(root, "no <body> element")
            return
        top = self.section(title, root)
        top[0][0:0] = self.marks(head, "title")
        self.document += top
        top.extend(self.authors(head))
        stack: list[tuple[int, nodes.Element]] = [(1, top)]
        self.fill_body(body, stack, title is None)
        top.extend(self.footnotes)
        pages = navigation.children(self.env, self.docname)
        if pages:
            top += self.hidden_toctree(pages)

    def authors(self, head: etree._Element | None) -> list[nodes.Node]:
        """The ``<link rel="author">`` of the head, shown under the title as Lore did."""
        links = [child for child in (head if head is not None else [])
                 if local_name(child) == "link" and child.get("rel", "").lower() == "author"]
        if not links:
            return []
        line = nodes.paragraph("", "", nodes.Text(locale._("Author: ")), classes=["lore-authors"])
        for number, link in enumerate(links):
            if number:
                line += nodes.Text(", ")
            name = link.get("title") or link.get("href", "")
            line += (nodes.reference("", name, refuri=link.get("href")) if link.get("href")
                     else nodes.Text(name))
        return [self.locate(line, links[0])]

    @staticmethod
    def marks(parent: etree._Element | None, name: str) -> list[nodes.Node]:
        """The marks of messages left in the source language in ``parent``'s ``name`` child."""
        child = next((c for c in (parent if parent is not None else [])
                      if local_name(c) == name), None)
        return [untranslated.source_mark(why=mark.get("why"))
                for mark in (child.iter(SOURCE_MARK) if child is not None else [])]

    def hidden_toctree(self, pages: list[str]) -> nodes.compound:
        """A page's place in the site's navigation: a hidden table of contents of ``pages``."""
        toctree = addnodes.toctree(
            parent=self.docname, entries=[(None, page) for page in pages], includefiles=pages,
            maxdepth=-1, hidden=True, glob=False, caption=None, titlesonly=False, numbered=0,
            includehidden=False)
        return nodes.compound("", toctree, classes=["toctree-wrapper"])

    def head_title(self, head: etree._Element | None) -> str | None:
        """Return the text of ``<title>``, warning about any unknown head element."""
        if head is None:
            return None
        title = None
        for child in head:
            name = local_name(child)
            if name == "title":
                title = SPACES.sub(" ", "".join(child.itertext())).strip()
            elif name not in HEAD_IGNORED:
                self.warn(child, f"unknown element <{name}> in <head>")
        return title

    def section(self, title: str | None, element: etree._Element,
                title_nodes: list[nodes.Node] | None = None) -> nodes.section:
        """Return a new section titled by ``title`` (or by inline ``title_nodes``)."""
        section = self.locate(nodes.section(), element)
        heading = nodes.title()
        if title_nodes is not None:
            heading.extend(title_nodes)
        else:
            heading += nodes.Text(title or self.docname)
        section += heading
        section["names"].append(nodes.fully_normalize_name(heading.astext()))
        if element.get("id"):
            section["ids"].append(nodes.make_id(element.get("id")))
        self.document.note_implicit_target(section, section)
        return section

    def fill_body(self, body: etree._Element, stack: list[tuple[int, nodes.Element]],
                  h1_titles: bool) -> None:
        """Add the body's blocks, opening nested sections at each ``h2``-``h4``."""
        inline: list[nodes.Node] = []
        if body.text:
            inline.append(nodes.Text(SPACES.sub(" ", body.text)))
        seen_h1 = False
        for child in body:
            name = local_name(child)
            if name in ("h1", "h2", "h3", "h4"):
                self.flush(inline, stack[-1][1])
                level = int(name[1])
                if level == 1 and not seen_h1:
                    seen_h1 = True
                    if h1_titles:
                        self.retitle(stack[0][1], child)
                else:
                    self.open_section(child, max(level, 2), stack)
            elif name in BLOCKS or self.is_listing(child):
                self.flush(inline, stack[-1][1])
                stack[-1][1].extend(self.block(child))
            else:
                inline.extend(self.inline(child))
            if child.tail:
                inline.append(nodes.Text(SPACES.sub(" ", child.tail)))
        self.flush(inline, stack[-1][1])

    def retitle(self, section: nodes.section, heading: etree._Element) -> None:
        """Use ``heading`` as the title of ``section`` (the document has no ``<title>``)."""
        section[0].children = []
        section[0].extend(self.inline_content(heading))

    def open_section(self, heading: etree._Element, level: int,
                     stack: list[tuple[int, nodes.Element]]) -> None:
        """Open a section for an ``h2``-``h4`` heading below the right parent."""
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        section = self.section(None, heading, self.strip_inline(self.inline_content(heading)))
        stack[-1][1].append(section)
        stack.append((level, section))

    @staticmethod
    def strip_inline(children: list[nodes.Node]) -> list[nodes.Node]:
        """Trim leading and trailing whitespace of a run of inline nodes."""
        if children and isinstance(children[0], nodes.Text):
            children[0] = nodes.Text(children[0].lstrip())
        if children and isinstance(children[-1], nodes.Text):
            children[-1] = nodes.Text(children[-1].rstrip())
        return [c for c in children if not (isinstance(c, nodes.Text) and not str(c))]

    def flush(self, inline: list[nodes.Node], parent: nodes.Element) -> None:
        """Wrap the pending inline nodes into a paragraph of ``parent``."""
        children = self.strip_inline(inline[:])
        inline.clear()
        if not children:
            return
        paragraph = nodes.paragraph()
        paragraph.extend(children)
        parent += paragraph

    # --- blocks -------------------------------------------------------------

    def flow(self, element: etree._Element) -> list[nodes.Node]:
        """Return the blocks of an element whose content mixes text and blocks."""
        holder = nodes.container()
        inline: list[nodes.Node] = []
        if element.text:
            inline.append(nodes.Text(SPACES.sub(" ", element.text)))
        for child in element:
            if local_name(child) in BLOCKS or self.is_listing(child):
                self.flush(inline, holder)
                holder.extend(self.block(child))
            else:
                inline.extend(self.inline(child))
            if child.tail:
                inline.append(nodes.Text(SPACES.sub(" ", child.tail)))
        self.flush(inline, holder)
        return holder.children

    def block(self, element: etree._Element) -> list[nodes.Node]:
        """Return the nodes of one block element."""
        name = local_name(element)
        method = getattr(self, f"block_{name}", None)
        if self.is_listing(element):
            return self.listing(element)
        if method is None:
            self.warn(element, f"unknown block element <{name}>: kept as a plain block")
            return self.flow(element)
        result = [self.locate(node, element) for node in method(element)]
        if element.get("id") and result and isinstance(result[0], nodes.Element):
            result[0]["ids"].append(nodes.make_id(element.get("id")))
        return result

    def block_p(self, element: etree._Element) -> list[nodes.Node]:
        """A paragraph; a ``p.note`` is a note admonition (block elements inside are hoisted)."""
        if "note" in classes(element):
            return [nodes.note("", *self.flow(element))]
        self.check_classes(element, set())
        return self.flow(element)

    def block_pre(self, element: etree._Element) -> list[nodes.Node]:
        """A ``pre`` block: a literal block highlighted in the language of its class.

        Lore's classes name their language; any other class Pygments knows (``elisp``,
        ``html``) is highlighted in it, and an unknown one is plain text with a warning.
        """
        known = [c for c in classes(element) if c in PRE_LANGUAGES or highlightable(c)]
        self.check_classes(element, set(known))
        for child in element.iter(etree.Element):
            if child.tag == SOURCE_MARK:
                continue
            if child is not element and local_name(child) not in SIMPLE_INLINES.keys() | {
                    "span", "a", "code", "tt", "kbd", "samp", "q"}:
                self.warn(child, f"element <{local_name(child)}> inside <pre>: kept as text")
        text = "".join(element.itertext())
        if text.startswith("\n"):
            text = text[1:]
        text = text.rstrip()
        literal = nodes.literal_block(text, text)
        literal["language"] = PRE_LANGUAGES.get(known[0], known[0]) if known else "none"
        literal[0:0] = [untranslated.source_mark(why=mark.get("why"))  # gone before output
                        for mark in element.iter(SOURCE_MARK)]
        return [literal]

    def block_ul(self, element: etree._Element) -> list[nodes.Node]:
        """A bullet list."""
        return [self.list_items(nodes.bullet_list(bullet="*"), element)]

    def block_ol(self, element: etree._Element) -> list[nodes.Node]:
        """An enumerated list."""
        return [self.list_items(nodes.enumerated_list(enumtype="arabic", prefix="",
                                                      suffix="."), element)]

    def list_items(self, listnode: nodes.Element, element: etree._Element) -> nodes.Element:
        """Fill ``listnode`` with the ``li`` children of ``element``."""
        self.check_classes(element, {"toc"})
        for child in element:
            if local_name(child) != "li":
                self.warn(child, f"<{local_name(child)}> in a list: kept as an item")
            listnode += self.locate(nodes.list_item("", *self.flow(child)), child)
        return listnode

    def block_dl(self, element: etree._Element) -> list[nodes.Node]:
        """A definition list: each ``dt`` with the ``dd`` elements that follow it."""
        dlist = nodes.definition_list()
        item = None
        for child in element:
            name = local_name(child)
            if name == "dt":
                item = self.locate(nodes.definition_list_item(), child)
                item += nodes.term("", "", *self.strip_inline(self.inline_content(child)))
                item += nodes.definition()
                dlist += item
            elif name == "dd" and item is not None:
                content = self.flow(child)
                if "note" in classes(child):
                    content = [nodes.note("", *content)]
                item[-1].extend(content)
            else:
                self.warn(child, f"<{name}> in a definition list: kept as a definition")
                if item is None:
                    item = nodes.definition_list_item("", nodes.term(), nodes.definition())
                    dlist += item
                item[-1].extend(self.flow(child))
        return [dlist]

    def block_table(self, element: etree._Element) -> list[nodes.Node]:
        """A table: rows of ``th``/``td`` cells, header rows being those made of ``th`` only."""
        rows = [r for r in element.iter() if isinstance(r.tag, str) and local_name(r) == "tr"]
        for child in element:
            if local_name(child) not in ("tr", "thead", "tbody", "tfoot", "caption"):
                self.warn(child, f"<{local_name(child)}> in a table: left out")
        width = max((self.row_width(r) for r in rows), default=1)
        table = nodes.table()
        caption = next((c for c in element if local_name(c) == "caption"), None)
        if caption is not None:
            table += nodes.title("", "", *self.strip_inline(self.inline_content(caption)))
        elif element.get("title"):
            table += nodes.title(element.get("title"), element.get("title"))
        group = nodes.tgroup(cols=width)
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in range(width))
        head = [r for r in rows if all(local_name(c) == "th" for c in r)]
        head = head if head and head == rows[: len(head)] else []
        if head:
            group += nodes.thead("", *(self.table_row(r, width) for r in head))
        group += nodes.tbody("", *(self.table_row(r, width) for r in rows[len(head):]))
        # a table wider than the text column scrolls inside its own box
        return [nodes.container("", table, classes=["lore-table"])]

    @staticmethod
    def row_width(row: etree._Element) -> int:
        """Return how many columns a ``tr`` spans."""
        return sum(int(cell.get("colspan", "1")) for cell in row)

    def table_row(self, row: etree._Element, width: int) -> nodes.row:
        """Return one table row, padded to ``width`` columns."""
        result = self.locate(nodes.row(), row)
        for cell in row:
            if local_name(cell) not in ("td", "th"):
                self.warn(cell, f"<{local_name(cell)}> in a table row: kept as a cell")
            entry = nodes.entry("", *self.flow(cell))
            span = int(cell.get("colspan", "1"))
            if span > 1:
                entry["morecols"] = span - 1
            result += entry
        for _ in range(width - self.row_width(row)):
            result += nodes.entry()
        return result

    def block_div(self, element: etree._Element) -> list[nodes.Node]:
        """A ``div``: a note or warning admonition, a box (``doit``, ``boxed``), or a group.

        ``align`` is kept as a class; an unknown class is a warning, its content kept.
        """
        kinds = [c for c in classes(element) if c in ADMONITIONS]
        if kinds:
            return [ADMONITIONS[kinds[0]]("", *self.flow(element))]
        unknown = [c for c in classes(element) if c not in BOXES]
        if unknown:
            self.warn(element, f"<div> with class {' '.join(unknown)!r} (not note, warning, "
                               "doit or boxed): content kept")
        boxes = [c for c in classes(element) if c in BOXES]
        if element.get("align", "").lower() in ("left", "right", "center"):
            boxes.append(f"lore-align-{element.get('align').lower()}")
        return [nodes.container("", *self.flow(element), classes=boxes)]

    def block_blockquote(self, element: etree._Element) -> list[nodes.Node]:
        """A block quote."""
        return [nodes.block_quote("", *self.flow(element))]

    def block_hr(self, element: etree._Element) -> list[nodes.Node]:
        """A horizontal rule: a transition."""
        return [nodes.transition()]

    def block_img(self, element: etree._Element) -> list[nodes.Node]:
        """An image on its own."""
        return self.image(element)

    def block_h1(self, element: etree._Element) -> list[nodes.Node]:
        """A heading inside a block (not a section): a rubric."""
        return [nodes.rubric("", "", *self.strip_inline(self.inline_content(element)))]

    block_h2 = block_h3 = block_h4 = block_h1

    def check_classes(self, element: etree._Element, allowed: set[str]) -> None:
        """Warn about class names the converter does not understand on ``element``."""
        unknown = [c for c in classes(element) if c not in allowed]
        if unknown:
            self.warn(element, f"unknown class {' '.join(unknown)!r} on <{local_name(element)}>")

    # --- listings -------------------------------------------------------------

    @staticmethod
    def listing_kind(element: etree._Element) -> str | None:
        """Return the listing class of a listing link (``py-listing``, ...), else None."""
        if local_name(element) != "a":
            return None
        return next((c for c in classes(element) if c in LISTINGS), None)

    def is_listing(self, element: etree._Element) -> bool:
        """Tell whether ``element`` is a listing link, shown as a block."""
        return self.listing_kind(element) is not None

    def listing(self, element: etree._Element) -> list[nodes.Node]:
        """An included listing: its source with a caption, then a download link.

        A ``py-listing`` is Python whatever the file's name (``.tac``, ``.rpy``), without its
        first ``skipLines`` lines; blank lines around the text are left out, as Lore did.
        """
        kind = self.listing_kind(element)
        href = element.get("href", "")
        path = tree_file(Path(self.env.srcdir), self.docname, href)
        if href and path is None:
            self.warn(element, f"listing {href!r} is outside the project folder: not read")
            return []
        if path is None or not path.is_file():
            self.warn(element, f"listing {href!r} not found")
            return []
        self.env.note_dependency(str(path))
        lines = path.read_text(encoding="utf-8").splitlines()
        if kind == "py-listing":
            lines = lines[self.skip_lines(element):]
        text = "\n".join(line.rstrip() for line in lines).strip("\n")
        literal = self.locate(nodes.literal_block(text, text), element)
        literal["language"] = LISTINGS[kind] or "none"
        name = posixpath.basename(href)
        label = SPACES.sub(" ", "".join(element.itertext())).strip()
        caption = nodes.caption(label or name, "")
        if name not in label:
            caption += nodes.literal(name, name)
            caption += nodes.Text(f" — {label}" if label else "")
        else:
            caption += nodes.Text(label)
        wrapper = nodes.container("", caption, literal, classes=["literal-block-wrapper"],
                                  literal_block=True)
        download = addnodes.download_reference(
            "", "", nodes.Text("⤓ "), nodes.literal(name, name),
            reftarget=href, refdoc=self.docname, refexplicit=True)
        return [wrapper, nodes.paragraph("", "", download, classes=["lore-download"])]

    def skip_lines(self, element: etree._Element) -> int:
        """Return the ``skipLines`` of a listing link (0 when absent or not a count)."""
        value = element.get("skipLines", "0").strip() or "0"
        if not value.isdigit():
            self.warn(element, f"skipLines {value!r} is not a number of lines: none skipped")
            return 0
        return int(value)

    # --- inline ---------------------------------------------------------------

    def inline_content(self, element: etree._Element) -> list[nodes.Node]:
        """Return the inline nodes of the content of ``element`` (text and children)."""
        result: list[nodes.Node] = []
        if element.text:
            result.append(nodes.Text(SPACES.sub(" ", element.text)))
        for child in element:
            if local_name(child) in BLOCKS or self.is_listing(child):
                self.warn(child, f"block <{local_name(child)}> inside inline text: kept inline")
                result.append(nodes.Text(SPACES.sub(" ", "".join(child.itertext()))))
            else:
                result.extend(self.inline(child))
            if child.tail:
                result.append(nodes.Text(SPACES.sub(" ", child.tail)))
        return result

    def inline(self, element: etree._Element) -> list[nodes.Node]:
        """Return the nodes of one inline element (its tail excluded)."""
        if element.tag == SOURCE_MARK:
            return [untranslated.source_mark(why=element.get("why"))]
        name = local_name(element)
        if name in SIMPLE_INLINES:
            self.check_classes(element, set())
            return [SIMPLE_INLINES[name]("", "", *self.inline_content(element))]
        if name in LITERAL_INLINES:
            return [self.code(element)]
        if name in CLASSED_INLINES:
            return [nodes.inline("", "", *self.inline_content(element),
                                 classes=[CLASSED_INLINES[name]])]
        method = getattr(self, f"inline_{name}", None)
        if method is None:
            self.warn(element, f"unknown inline element <{name}>: its text is kept")
            return [nodes.inline("", "", *self.inline_content(element))]
        return method(element)

    def code(self, element: etree._Element) -> nodes.Node:
        """Inline code; an API reference (`xhtml.is_api_class`) links to the object's entry.

        With ``lore_api_baseurl`` the entry is on an API site (the URL with ``%s`` replaced
        by the full dotted name, as Lore's ``baseurl``); else it is a cross-reference to the
        generated API pages, whose names that resolve nowhere were warned about once each.
        """
        text = SPACES.sub(" ", "".join(element.itertext())).strip()
        if not xhtml.is_api_class(element.get("class", "")):
            kinds = classes(element)
            self.check_classes(element, CODE_CLASSES | {c for c in kinds
                                                         if c.startswith("py-src-")})
            return nodes.literal(text, text, classes=[c for c in kinds if c.startswith("py-")])
        base = element.get("base")
        target = f"{base}.{text}" if base else text
        baseurl = self.env.config.lore_api_baseurl
        if baseurl:
            literal = nodes.literal(text, text, classes=["xref", "py", "py-obj"])
            link = nodes.reference("", "", literal, refuri=baseurl % target, reftitle=target,
                                   classes=["lore-api"])
            return self.locate(link, element)
        literal = nodes.literal(text, text, classes=["xref", "py", "py-obj"])
        xref = addnodes.pending_xref("", literal, refdomain="py", reftype="obj",
                                     reftarget=target, refexplicit=True, refwarn=False,
                                     refdoc=self.docname)
        xref["py:module"] = None
        xref["py:class"] = None
        return self.locate(xref, element)

    def inline_q(self, element: etree._Element) -> list[nodes.Node]:
        """An inline quotation, between typographic quotes."""
        return [nodes.inline("", "", nodes.Text("“"), *self.inline_content(element),
                             nodes.Text("”"), classes=["quote"])]

    def inline_br(self, element: etree._Element) -> list[nodes.Node]:
        """A line break; ``clear`` (below floating images) is kept."""
        clear = element.get("clear", "").lower()
        if clear in ("all", "both", "left", "right"):
            side = "both" if clear == "all" else clear
            return [nodes.raw("", f'<br style="clear: {side}" />', format="html")]
        return [nodes.raw("", "<br />", format="html"), nodes.Text(" ")]

    def inline_img(self, element: etree._Element) -> list[nodes.Node]:
        """An inline image."""
        return self.image(element)

    def image(self, element: etree._Element) -> list[nodes.Node]:
        """An image node for ``<img src alt>``."""
        src = element.get("src")
        if not src:
            self.warn(element, "<img> without src")
            return []
        if not is_external(src) and tree_file(Path(self.env.srcdir), self.docname, src) is None:
            self.warn(element, f"image {src!r} is outside the project folder: not shown")
            return []
        image = nodes.image(uri=src, alt=element.get("alt", ""))
        if element.get("align", "").lower() in IMAGE_ALIGN:
            image["align"] = element.get("align").lower()
        return [self.locate(image, element)]

    def inline_span(self, element: etree._Element) -> list[nodes.Node]:
        """A ``span``: footnote, index entry, or a plain run of text."""
        kinds = classes(element)
        if "footnote" in kinds:
            return [self.footnote(element)]
        if "index" in kinds:
            return self.index_entry(element)
        known = [c for c in kinds if c in SPAN_CLASSES]
        if len(known) < len(kinds):
            self.warn(element, f"unknown <span class={element.get('class')!r}>: text kept")
        return [nodes.inline("", "", *self.inline_content(element), classes=known)]

    def footnote(self, element: etree._Element) -> nodes.Node:
        """An auto-numbered footnote reference; the footnote goes to the end of the page."""
        ref = self.locate(nodes.footnote_reference("", "", auto=1), element)
        self.document.note_autofootnote_ref(ref)
        self.document.set_id(ref)
        note = self.locate(nodes.footnote("", auto=1), element)
        note.extend(self.flow(element))  # a footnote may hold paragraphs
        self.document.note_autofootnote(note)
        self.document.set_id(note)
        self.footnotes.append(note)
        return ref

    def index_entry(self, element: etree._Element) -> list[nodes.Node]:
        """An index entry (``value``, ``!`` separating sub-entries) and its target."""
        value = element.get("value") or SPACES.sub(" ", "".join(element.itertext())).strip()
        if not value:
            self.warn(element, "index entry without a value")
            return self.inline_content(element)
        target_id = f"index-{self.env.new_serialno('index')}"
        entry = "; ".join(part.strip() for part in value.split("!"))
        index = addnodes.index(entries=[("single", entry, target_id, "", None)])
        target = nodes.target("", "", ids=[target_id])
        self.document.note_explicit_target(target)
        return [index, target, *self.inline_content(element)]

    def anchor(self, name: str) -> nodes.target:
        """Return the target of ``<a name>``: the author's name wins over a heading's own id.

        A heading titled as the anchor is named would get the same id; the heading takes
        another one, so that the page has each id once (an ePub with a duplicate is invalid).
        """
        anchor_id = nodes.make_id(name)
        target = nodes.target("", "", ids=[anchor_id])
        holder = self.document.ids.get(anchor_id)
        self.document.ids[anchor_id] = target
        if holder is not None:
            holder["ids"].remove(anchor_id)
            self.document.set_id(holder)
        return target

    def inline_a(self, element: etree._Element) -> list[nodes.Node]:
        """A link: an anchor, an internal page link, a file, or an external URL."""
        children = self.inline_content(element) or [nodes.Text(element.get("href", ""))]
        name = element.get("name") or element.get("id")
        anchor = [self.anchor(name)] if name else []
        href = element.get("href")
        if href is None:
            return [*anchor, *children]
        if xhtml.is_api_class(element.get("class", "")):
            code = self.code(element)
            return [*anchor, code]
        if is_external(href) or href.startswith("/") or "absolute" in classes(element):
            return [*anchor, nodes.reference("", "", *children, refuri=href)]  # as written
        target = page_target(Path(self.env.srcdir), self.docname, href)
        if target is not None:
            link = self.locate(lore_link("", "", *children), element)
            link["docname"] = target.docname
            link["anchor"] = nodes.make_id(target.anchor) if target.anchor else ""
            return [*anchor, link]
        local = tree_file(Path(self.env.srcdir), self.docname, href)
        if local is None:
            self.warn(element, f"link to {href!r} leaves the project folder: text kept")
            return [*anchor, *children]
        if local.is_dir():
            self.warn(element, f"link to the folder {href!r}, which has no index page: "
                               "text kept")
            return [*anchor, *children]
        if not local.is_file():
            self.warn(element, f"link to {href!r}: no such page or file in the tree: text kept")
            return [*anchor, *children]
        download = addnodes.download_reference("", "", *children, reftarget=href,
                                               refdoc=self.docname, refexplicit=True)
        return [*anchor, self.locate(download, element)]
