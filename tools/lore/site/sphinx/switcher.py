"""The language switcher: every page links to the same page in every other built language."""

from __future__ import annotations

from sphinx.application import Sphinx

from lore.site.languages import PSEUDO, SOURCE, display_name, tag
from lore.site.languages import site_languages as _site_languages
from lore.site.sitemap import indexed_languages, page_url
from lore.site.sphinx import labels

# The builders of the web site: the others (ePub, PDF) make one book of one language, which
# has no other language or site-wide page to link to.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


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
    context["lore_site_nav"] = app.builder.name in SITE_BUILDERS
    context["lore_switcher"] = page_links(app, pagename)
    context["lore_"] = labels.gettext_for(app.config.language)
    context["lore_language"] = current_language(app)
    pathto = context["pathto"]
    context["lore_status_url"] = pathto("lore-status")
    context["lore_api_url"] = pathto("api/index") if "api/index" in app.env.all_docs else ""
    context["lore_home_url"] = pathto(app.config.root_doc)


def add_alternates(app: Sphinx, pagename: str, templatename: str, context: dict,
                   doctree) -> None:
    """``html-page-context``: the page's ``hreflang`` alternates and its canonical URL.

    Absolute when conf.py sets ``html_baseurl`` (``BASEURL/LANG/PAGE.html``, as search
    engines require; Sphinx's own canonical link takes that URL), else relative. A
    pseudo-locale page is kept out of search engines: no alternates, ``noindex``.
    """
    current = current_language(app)
    baseurl = app.config.html_baseurl
    path = pagename + (app.builder.out_suffix if app.builder.name == "html" else ".html")
    if baseurl:
        context["pageurl"] = page_url(baseurl, current, path)
    context["lore_noindex"] = current == PSEUDO
    if app.builder.name != "html":
        context["lore_alternates"], context["lore_canonical"] = [], ""
        return
    up = "../" * (pagename.count("/") + 1)

    def url(code: str) -> str:
        return page_url(baseurl, code, path) if baseurl else f"{up}{code}/{path}"

    context["lore_canonical"] = url(current)
    languages = [] if current == PSEUDO else indexed_languages(site_languages(app))
    alternates = [{"hreflang": tag(code), "href": url(code)} for code in languages]
    if languages:
        alternates.append({"hreflang": "x-default", "href": url(SOURCE)})
    context["lore_alternates"] = alternates
