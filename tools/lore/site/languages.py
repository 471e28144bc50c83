"""The languages of the built site: the source language, the configured ones, the pseudo one."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from lore.config import PSEUDO_LANGUAGE as PSEUDO
from lore.config import SOURCE_LANGUAGE as SOURCE


def site_languages(configured: Iterable[str]) -> list[str]:
    """Return the site's languages: the source, the configured ones, then the pseudo-locale."""
    return [SOURCE, *[lang for lang in configured if lang not in (SOURCE, PSEUDO)], PSEUDO]


@lru_cache(maxsize=64)
def display_name(code: str) -> str:
    """Return the name of a language in that language (the pseudo-locale says what it is)."""
    if code == PSEUDO:
        return "Pseudo-locale (qps)"
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def tag(code: str) -> str:
    """Return the BCP 47 tag of a language code (``pt_BR`` -> ``pt-BR``), for ``lang``."""
    return code.replace("_", "-")
