"""Sphinx's own interface strings in the pseudo-locale, so that a pseudo page is all transformed.

Sphinx has no catalog for ``qps``; its labels ("Note", "Navigation", ...) would stay plain
English and hide the text that really escaped extraction. Sphinx's own template
(``sphinx.pot``) is pseudo-translated with lore's transformation, its placeholders kept.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config

from lore.catalogs import pseudo
from lore.site.languages import PSEUDO

PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[a-z]|%[a-z%]|\{[A-Za-z_0-9]*\}")


def transform(message: str) -> str:
    """Pseudo-translate an interface string, keeping its format placeholders as they are."""
    kept = PLACEHOLDER.findall(message)
    marked = PLACEHOLDER.sub("<lore-ph/>", message)
    result = pseudo.transform(marked)
    for placeholder in kept:
        result = result.replace("<lore-ph/>", placeholder, 1)
    return result


def write_catalog(folder: Path) -> Path:
    """Write the pseudo-translated ``sphinx.mo`` below ``folder`` (once per Sphinx version)."""
    target = folder / PSEUDO / "LC_MESSAGES" / "sphinx.mo"
    stamp = target.with_suffix(".version")
    if target.is_file() and stamp.is_file() and stamp.read_text() == version("sphinx"):
        return target
    with open(Path(locale.__file__).parent / "sphinx.pot", "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(transform(form) for form in message.id)
        else:
            message.string = transform(message.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        write_mo(handle, catalog)
    stamp.write_text(version("sphinx"))
    return target


def install(app: Sphinx, config: Config) -> None:
    """``config-inited``: in the pseudo-locale, give Sphinx the pseudo interface strings."""
    if config.language != PSEUDO:
        return
    folder = Path(app.doctreedir) / "lore-locale"
    write_catalog(folder)
    app.translator, _ = locale.init([folder], config.language)
