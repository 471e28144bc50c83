"""The language switcher: every page links to the same page in every other built language."""

from __future__ import annotations

from sphinx.application import Sphinx

from lore.site.languages import SOURCE, display_name
from lore.site.languages import site_languages as _site_languages
from lore.site.sphinx import labels


def site_languages(app: Sphinx) -> list[str]:
    """Return the languages of the site, from the build's configuration."""
    return _site_languages(app.config.lore_languages)


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
    context["lore_"] = labels.gettext_for(app.config.language)
    context["lore_language"] = current_language(app)
    pathto = context["pathto"]
    context["lore_status_url"] = pathto("lore-status")
    context["lore_api_url"] = pathto("api/index") if "api/index" in app.env.all_docs else ""
    context["lore_home_url"] = pathto(app.config.root_doc)
