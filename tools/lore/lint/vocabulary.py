"""The elements and classes a Lore page may use: Twisted Lore's lint vocabulary, and what lore adds.

Lore's own lists come first in each set; the additions are what lore's site renders on purpose
(see the README's "Building an existing Lore tree") and the XHTML skeleton every page has.
"""

from __future__ import annotations

from lore import xhtml

TAGS = frozenset(
    "html title head body h1 h2 h3 ol ul dl li dt dd p code img blockquote a cite div span"
    " strong em pre q table tr td th style sub sup".split()
) | frozenset({
    "meta", "link",  # the head of an XHTML page: charset, <link rel="author">
    "h4", "br",      # a fourth section level and <br clear>, both rendered by lore's site
})

CLASSES: dict[str, frozenset[str]] = {
    "code": frozenset({"shell", "python", "py-prototype", "py-filename", "py-src-string",
                       "py-signature", "py-src-parameter", "py-src-identifier",
                       "py-src-keyword"}),
    "span": frozenset({"footnote", "manhole-output", "index"}),
    "div": frozenset({"note", "boxed", "doit", "warning"}),
    "a": frozenset({"py-listing", "html-listing", "listing", "absolute"}),
    "pre": frozenset({"python", "shell", "python-interpreter", "elisp"}),
    "ul": frozenset({"toc"}),
    "ol": frozenset({"toc"}),
    "li": frozenset({"ignoretoc"}),
    "p": frozenset({"note"}),
    "dd": frozenset({"note"}),
}

LISTING_CLASSES = frozenset({"py-listing", "html-listing", "listing"})


def unknown_classes(tag: str, class_value: str) -> list[str]:
    """The class names of ``class_value`` that Lore does not know on ``tag``."""
    if not class_value:
        return []
    allowed = CLASSES.get(tag, frozenset())
    api = tag in ("code", "a") and xhtml.is_api_class(class_value)  # API, in any case
    return [name for name in class_value.split()
            if name not in allowed and not (api and name.lower() == "api")]
