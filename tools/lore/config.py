"""lore's settings, read from the ``lore_*`` names of the project's ``conf.py``."""

from __future__ import annotations

import runpy
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

# The language the pages are written in, and the pseudo-locale that shows untranslated text.
SOURCE_LANGUAGE = "en"
PSEUDO_LANGUAGE = "qps"


class Settings(NamedTuple):
    """The ``lore_*`` settings of ``conf.py``, with lore's defaults for missing names.

    (A named tuple rather than a dataclass: ``lore extract`` starts faster without dataclasses.)
    """

    corpus: tuple[str, ...] = ("howto",)
    template: str = "locale/howto.pot"
    domain: str = "howto"
    languages: tuple[str, ...] = ()
    keep_percent: float = 80.0
    untranslated_pre_classes: tuple[str, ...] = ()
    example_timeout: float = 30.0
    example_skip_ref: Mapping[str, str] = MappingProxyType({})
    api_baseurl: str = ""
    api_package: str = "refreactor"

    @property
    def locale_dir(self) -> Path:
        """The folder holding ``LANG/LC_MESSAGES/DOMAIN.po``: the template's folder."""
        return Path(self.template).parent

    def catalog_path(self, lang: str) -> Path:
        """The path of the catalog of ``lang``."""
        return self.locale_dir / lang / "LC_MESSAGES" / f"{self.domain}.po"


def corpus_paths(value: str | Iterable[str]) -> tuple[str, ...]:
    """Return ``lore_corpus`` as a tuple of folders and files (one string is one path)."""
    if isinstance(value, (str, Path)):
        return (str(value),)
    return tuple(str(path) for path in value)


def load(conf: str | Path = "conf.py") -> Settings:
    """Read the settings from ``conf`` (executed as Sphinx does); defaults when it is absent."""
    path = Path(conf)
    if not path.is_file():
        return Settings()
    names = runpy.run_path(str(path))
    defaults = Settings()
    return Settings(
        corpus=corpus_paths(names.get("lore_corpus", defaults.corpus)),
        template=str(names.get("lore_template", defaults.template)),
        domain=str(names.get("lore_domain", defaults.domain)),
        languages=tuple(names.get("lore_languages", defaults.languages)),
        keep_percent=float(names.get("lore_keep_percent", defaults.keep_percent)),
        untranslated_pre_classes=tuple(names.get("lore_untranslated_pre_classes", ())),
        example_timeout=float(names.get("lore_example_timeout", defaults.example_timeout)),
        example_skip_ref=dict(names.get("lore_example_skip_ref", {})),
        api_baseurl=str(names.get("lore_api_baseurl", defaults.api_baseurl)),
        api_package=str(names.get("lore_api_package", defaults.api_package)),
    )
