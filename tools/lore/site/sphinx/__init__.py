"""Sphinx extension ``lore.site.sphinx``: build Lore XHTML howtos into localized HTML sites."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from lore.config import corpus_paths
from lore.site.sphinx import (
    api,
    downloads,
    epub,
    i18n,
    navigation,
    pseudo_ui,
    status,
    switcher,
    untranslated,
)
from lore.site.sphinx.parser import LoreXHTMLParser, lore_link
from lore.site.sphinx.pdf import LorePDFBuilder

HERE = Path(__file__).parent
JANOME = "sphinx.search.ja.JanomeSplitter"
logger = logging.getLogger(__name__)


def code_version() -> int:
    """Return a number that changes with this package's code, templates and styles.

    Sphinx re-reads every page when an extension's ``env_version`` changes; deriving it from
    the code means a new parser never leaves pages built by the old one in place.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in HERE.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def add_paths(app: Sphinx, config: Config) -> None:
    """``config-inited``: the extension's templates and static files come first."""
    config.templates_path.insert(0, str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))


def check_api_baseurl(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``lore_api_baseurl`` must say where the dotted name goes."""
    baseurl = config.lore_api_baseurl
    if not baseurl:
        return
    try:
        usable = "%s" in baseurl and baseurl % "name" != baseurl
    except (TypeError, ValueError):  # another % directive: write a literal % as %%
        usable = False
    if not usable:
        raise ConfigError(f"lore_api_baseurl {baseurl!r} has no %s for the full dotted name "
                          "of the API object, or a % that is not %s or %%")


def japanese_search(app: Sphinx, config: Config) -> None:
    """``config-inited``: index Japanese with Janome's morphological splitter.

    Sphinx's default Japanese splitter cuts text by character classes, which puts
    punctuation into words (``。すべて``); Janome (pure Python) splits into real words. A
    project that names its own splitter keeps it.
    """
    language = (config.language or "").replace("-", "_")
    if language.split("_")[0] == "ja" and "type" not in config.html_search_options:
        config.html_search_options = {**config.html_search_options, "type": JANOME}


def generate_api(app: Sphinx) -> None:
    """``builder-inited``: write the API pages of every name the corpus references.

    A name the documented package lacks is one warning, however many pages name it; a module
    that fails to import is one warning with its error, not one per name it would provide.
    """
    config = app.config
    api.install_alias(config.lore_api_package)
    api.guard_alias_label()
    problems = api.generate(Path(app.srcdir), config_corpus(config),
                            not config.lore_api_baseurl, config.lore_api_package)
    for name, found in sorted(problems.missing.items()):
        logger.warning("API name %s is not in %s (named %s, first here)", name,
                       config.lore_api_package, _times(found.count), location=found.first,
                       type="lore", subtype="api")
    for module, (reason, found) in sorted(problems.broken.items()):
        logger.warning("API module %s of %s fails to import: %s (its names are named %s, "
                       "first here)", module, config.lore_api_package, reason,
                       _times(found.count), location=found.first, type="lore", subtype="api")


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def config_corpus(config: Config) -> tuple[str, ...]:
    """Return ``lore_corpus`` as a tuple of folders and files."""
    return corpus_paths(config.lore_corpus)


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: keep the compiled templates beside the environment.

    Every build is a new process, and compiling the theme's templates again was a tenth of a
    one-page rebuild. Jinja keys each by its name, file and source, and writes it atomically.
    """
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = Path(app.doctreedir, "lore-templates", app.builder.name)
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: turn links between howto pages into links to the built pages."""
    for link in list(doctree.findall(lore_link)):
        target = link["docname"]
        if target not in app.env.all_docs:
            logger.warning("link to a missing page %s", target, location=link)
            link.replace_self(nodes.inline("", "", *link.children))
            continue
        uri = app.builder.get_relative_uri(docname, target)
        if link["anchor"]:
            uri = f"{uri}#{link['anchor']}"
        link.replace_self(nodes.reference("", "", *link.children, refuri=uri, internal=True))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the parser, the localization hooks, the switcher, the status page, the books."""
    app.setup_extension("sphinx.ext.autodoc")
    app.add_config_value("lore_corpus", "howto", "env", (str, list, tuple))
    app.add_config_value("lore_api_baseurl", "", "env")
    app.add_config_value("lore_api_package", api.IMPLEMENTATION, "env")
    app.add_config_value("lore_template", "locale/howto.pot", "env")
    app.add_config_value("lore_domain", "howto", "env")
    app.add_config_value("lore_languages", [], "html")
    app.add_config_value("lore_keep_percent", 80, "env")
    app.add_config_value("lore_untranslated_pre_classes", [], "env")
    app.add_config_value("lore_formats", list(downloads.BOOK_FORMATS), "html", (str, list))
    app.add_source_suffix(".rst", "restructuredtext")
    app.add_source_parser(LoreXHTMLParser)
    app.add_node(lore_link)
    app.add_node(untranslated.lore_page_link)
    app.add_builder(LorePDFBuilder)
    app.connect("config-inited", add_paths)
    app.connect("config-inited", check_api_baseurl)
    app.connect("config-inited", pseudo_ui.install)
    app.connect("config-inited", japanese_search)
    app.connect("config-inited", epub.configure)
    app.connect("builder-inited", generate_api)
    app.connect("builder-inited", keep_compiled_templates)
    app.connect("env-get-outdated", i18n.outdated_pages)
    app.connect("env-get-outdated", navigation.refresh)
    app.connect("env-purge-doc", i18n.purge_page)
    app.connect("env-merge-info", i18n.merge_digests)
    app.connect("env-before-read-docs", i18n.remember_tocs)
    app.connect("write-started", i18n.keep_unchanged_parents)
    app.connect("doctree-resolved", resolve_links)
    app.connect("doctree-resolved", untranslated.resolve_page_links)
    app.connect("html-page-context", switcher.add_switcher)
    app.connect("html-page-context", switcher.add_alternates)
    app.connect("html-page-context", downloads.add_links)
    app.connect("html-collect-pages", status.collect_status_page)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": code_version()}
