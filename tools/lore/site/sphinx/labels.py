"""The extension's own labels (switcher, status page) in the language being built.

They are gettext catalogs, ``locale/LANG/LC_MESSAGES/lore.po`` beside this module, compiled
in memory when first used (the project does not keep ``.mo`` files). In the pseudo-locale
they are pseudo-translated like Sphinx's labels.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lore.site.languages import PSEUDO, SOURCE
from lore.site.sphinx import pseudo_ui

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "lore"


@lru_cache(maxsize=16)
def catalog(language: str) -> gettext.NullTranslations:
    """Return the translations of the labels into ``language`` (none: the English labels)."""
    source = LOCALE / (SOURCE if language == PSEUDO else language) / "LC_MESSAGES"
    path = source / f"{DOMAIN}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with open(path, "rb") as handle:
        messages = read_po(handle)
    if language == PSEUDO:
        for message in messages:
            if isinstance(message.id, tuple):
                message.string = tuple(pseudo_ui.transform(form) for form in message.id)
            elif message.id:
                message.string = pseudo_ui.transform(message.id)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(language: str | None):
    """Return the ``gettext`` function of the labels in ``language``."""
    return catalog(language or SOURCE).gettext


def ngettext_for(language: str | None):
    """Return the ``ngettext`` function of the labels in ``language`` (its plural forms)."""
    return catalog(language or SOURCE).ngettext
