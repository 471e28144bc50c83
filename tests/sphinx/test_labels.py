"""The extension's own labels: complete, valid catalogs, pseudo-translated in qps."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po
from lore.site.sphinx import labels


def messages(language: str) -> dict[str, str]:
    """Return msgid -> msgstr of a label catalog."""
    with open(labels.LOCALE / language / "LC_MESSAGES" / "lore.po", "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", ["fr", "de", "ja", "es"])
def test_every_label_is_translated(language):
    ours = messages(language)
    assert set(ours) == set(messages("en"))
    assert all(ours.values())
    assert labels.gettext_for(language)("Translations") == ours["Translations"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
@pytest.mark.parametrize("language", ["en", "fr", "de", "ja", "es"])
def test_catalogs_pass_msgfmt(language):
    path = labels.LOCALE / language / "LC_MESSAGES" / "lore.po"
    subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], check=True)


def test_pseudo_labels_are_transformed_and_keep_placeholders():
    gettext = labels.gettext_for("qps")
    assert gettext("Translations").startswith("[") and "Translations" not in gettext(
        "Translations")
    keep = gettext("A document is shown translated when at least %(keep)s%% of its messages "
                   "are; otherwise it is shown in English. Green: translated; yellow: fuzzy "
                   "(to be reviewed).")
    assert "%(keep)s%%" in keep and (keep % {"keep": 80}).count("80") == 1
    assert labels.gettext_for(None)("Translations") == "Translations"
