"""``lore init`` writes GNU gettext's Plural-Forms, whatever Babel release is installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from catalog_support import run_lore
from lore.catalogs import catalog as po

TEMPLATE = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "a"\nmsgstr ""\n')
# In GNU gettext's plural table, with one or more plural forms each; and some that it lacks.
IN_GNU_TABLE = ["fr", "pt_BR", "pt", "de", "en", "ja", "ko", "ru", "uk", "pl", "cs", "sk", "sl",
                "lt", "lv", "ro", "ga", "hu", "tr", "he"]
NOT_IN_GNU_TABLE = ["zh_CN", "ca", "ar"]


def lore_plural_forms(tmp_path, lang: str) -> str | None:
    project = tmp_path / lang
    (project / "locale").mkdir(parents=True)
    (project / "locale" / "howto.pot").write_text(TEMPLATE, encoding="utf-8")
    result = run_lore("init", lang, cwd=project)
    assert result.returncode == 0, result.stderr
    catalog = po.read(project / "locale" / lang / "LC_MESSAGES" / "howto.po")
    return catalog.header_fields().get("Plural-Forms")


def msginit_plural_forms(tmp_path, lang: str) -> str | None:
    template = tmp_path / "msginit.pot"
    template.write_text(TEMPLATE, encoding="utf-8")
    done = subprocess.run(["msginit", "--no-translator", "-l", lang, "-i", str(template),
                           "-o", "-"], capture_output=True, text=True, check=True)
    header = "".join(re.findall(r'^"(.*)"$', done.stdout.split("\n\n")[0], re.M))
    found = re.search(r"Plural-Forms: (.*?)\\n", header)
    return found.group(1) if found else None


def test_french_and_japanese_have_gettext_forms_not_cldr_forms(tmp_path):
    assert lore_plural_forms(tmp_path, "fr") == "nplurals=2; plural=(n > 1);"
    assert lore_plural_forms(tmp_path, "ja") == "nplurals=1; plural=0;"


@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext's msginit not installed")
@pytest.mark.parametrize("lang", IN_GNU_TABLE + NOT_IN_GNU_TABLE)
def test_plural_forms_equal_msginit(tmp_path, lang):
    assert lore_plural_forms(tmp_path, lang) == msginit_plural_forms(tmp_path, lang)
