"""The ``Plural-Forms`` header of a new catalog: GNU gettext's, as ``msginit`` writes it.

The catalogs lore works with (po4a's, msgmerge's, Launchpad's) carry the plural forms of GNU
gettext's own table (``gettext-tools/src/plural-table.c``, the table ``msginit`` reads), not
CLDR's, which Babel follows and which changes between Babel releases (French has three forms
in CLDR 46). A language the table lacks gets no ``Plural-Forms`` header, as from ``msginit``.
"""

from __future__ import annotations

_ONE_FORM = "nplurals=1; plural=0;"
_GERMANIC = "nplurals=2; plural=(n != 1);"
_ROMANIC_FRENCH = "nplurals=2; plural=(n > 1);"
_SLAVIC_EAST = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                "(n%100<10 || n%100>=20) ? 1 : 2);")
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"

# Language (or language_TERRITORY) -> Plural-Forms, from GNU gettext 0.21's plural table.
GNU_PLURAL_FORMS = {
    **dict.fromkeys(("ja", "vi", "ko"), _ONE_FORM),
    **dict.fromkeys(("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it",
                     "bg", "el", "fi", "et", "he", "eo", "hu", "tr"), _GERMANIC),
    **dict.fromkeys(("pt_BR", "fr"), _ROMANIC_FRENCH),
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || "
           "n%100>=20) ? 1 : 2);"),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _SLAVIC_EAST),
    **dict.fromkeys(("cs", "sk"), _CZECH),
    "pl": ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
           "? 1 : 2);"),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def plural_forms(lang: str) -> str | None:
    """Return GNU gettext's ``Plural-Forms`` for ``lang`` (``fr``, ``pt-BR``), or None."""
    code = lang.replace("-", "_")
    return GNU_PLURAL_FORMS.get(code) or GNU_PLURAL_FORMS.get(code.split("_")[0].split("@")[0])
