"""The language switcher: every page links to the same page in every other built language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from sphinx.application import Sphinx

PSEUDO = "qps"
SOURCE = "en"


def site_languages(app: Sphinx) -> list[str]:
    """Return the languages of the site: the source, the configured ones, then the pseudo one."""
    configured = [lang for lang in app.config.lore_languages if lang not in (SOURCE, PSEUDO)]
    return [SOURCE, *configured, PSEUDO]


def display_name(code: str) -> str:
    """Return the name of a language in that language (the pseudo-locale says what it is)."""
    if code == PSEUDO:
        return "Pseudo-locale (qps)"
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def current_language(app: Sphinx) -> str:
    """Return the language this build produces."""
    return app.config.language or SOURCE


def page_links(app: Sphinx, pagename: str) -> list[dict[str, object]]:
    """Return one link per site language to ``pagename``, relative to that page."""
    up = "../" * (pagename.count("/") + 1)
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    current = current_language(app)
    return [{"code": code, "name": display_name(code), "current": code == current,
             "url": f"{up}{code}/{pagename}{suffix}"} for code in site_languages(app)]


def add_switcher(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: give the templates the switcher and the site-wide links."""
    context["lore_switcher"] = page_links(app, pagename)
    context["lore_language"] = current_language(app)
    pathto = context["pathto"]
    context["lore_status_url"] = pathto("lore-status")
    context["lore_api_url"] = pathto("api/index") if "api/index" in app.env.all_docs else ""
    context["lore_home_url"] = pathto(app.config.root_doc)
