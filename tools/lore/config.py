"""lore's settings, read from the project's root ``conf.py`` (the Sphinx configuration)."""

from __future__ import annotations

import runpy
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """The ``lore_*`` values of ``conf.py``, with lore's defaults for the missing ones."""

    root: Path = Path(".")
    corpus: str = "howto"
    template: str = "locale/howto.pot"
    domain: str = "howto"
    languages: tuple[str, ...] = ()
    keep_percent: int = 80
    untranslated_pre_classes: frozenset[str] = field(default_factory=frozenset)

    def catalog_path(self, lang: str) -> Path:
        """Return the path of the catalog of ``lang`` (``locale/LANG/LC_MESSAGES/DOMAIN.po``)."""
        return self.root / "locale" / lang / "LC_MESSAGES" / f"{self.domain}.po"


def find_conf(start: Path | None = None) -> Path | None:
    """Return the nearest ``conf.py`` in ``start`` (default: the working directory) or above."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "conf.py"
        if candidate.is_file():
            return candidate
    return None


def load_settings(conf: Path | None = None) -> Settings:
    """Read lore's settings from ``conf`` (found with :func:`find_conf` when omitted)."""
    conf = conf or find_conf()
    if conf is None:
        return Settings()
    values = runpy.run_path(str(conf))
    defaults = Settings()
    return Settings(
        root=conf.parent,
        corpus=values.get("lore_corpus", defaults.corpus),
        template=values.get("lore_template", defaults.template),
        domain=values.get("lore_domain", defaults.domain),
        languages=tuple(values.get("lore_languages", defaults.languages)),
        keep_percent=int(values.get("lore_keep_percent", defaults.keep_percent)),
        untranslated_pre_classes=frozenset(values.get("lore_untranslated_pre_classes", ())),
    )
