"""``lore update --compendium``: a translation platform's export fills untranslated entries."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from catalog_support import run_lore
from lore.catalogs import catalog as po

TEMPLATE = """\
msgid ""
msgstr ""
"Project-Id-Version: howto\\n"
"POT-Creation-Date: 2026-12-01 10:00+0000\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#. type: Content of: <html><body><p>
#: howto/time.xhtml:10
msgid "The reactor runs until something stops it."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:12
msgid ""
"Call <code>reactor.stop</code> from a callback to end the program once the "
"last reply has arrived."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:14
msgid "A protocol handles the bytes of one connection."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:16
msgid "Errors arrive as a Failure."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:18
msgid "See <a href=\\"clients.xhtml\\">the clients howto</a>."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:20
msgid "Gardening tools are kept in the shed behind the house."
msgstr ""
"""

# The catalog before the template grew two messages (the second and the last).
CATALOG = """\
msgid ""
msgstr ""
"Project-Id-Version: howto\\n"
"POT-Creation-Date: 2026-12-01 10:00+0000\\n"
"PO-Revision-Date: 2026-12-02 10:00+0000\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#. type: Content of: <html><body><p>
#: howto/time.xhtml:10
msgid "The reactor runs until something stops it."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/time.xhtml:14
msgid "A protocol handles the bytes of one connection."
msgstr "Un protocole traite les octets d'une connexion."

#. type: Content of: <html><body><p>
#: howto/time.xhtml:16
#, fuzzy
msgid "Errors arrive as a Failure."
msgstr "Les erreurs arrivent."

#. type: Content of: <html><body><p>
#: howto/time.xhtml:18
msgid "See <a href=\\"clients.xhtml\\">the clients howto</a>."
msgstr ""
"""

# An export as Launchpad writes it: its own header comments and fields, source references of
# another project, a fuzzy entry and an obsolete one.
EXPORT = """\
# French translation for twisted-docs
# Copyright (c) 2025 Rosetta Contributors and Canonical Ltd 2025
# This file is distributed under the same license as the twisted-docs package.
# FIRST AUTHOR <EMAIL@ADDRESS>, 2025.
#
msgid ""
msgstr ""
"Project-Id-Version: twisted-docs\\n"
"Report-Msgid-Bugs-To: FULL NAME <EMAIL@ADDRESS>\\n"
"POT-Creation-Date: 2025-03-01 08:00+0000\\n"
"PO-Revision-Date: 2025-04-11 17:42+0000\\n"
"Last-Translator: Camille Martin <Unknown>\\n"
"Language-Team: French <fr@li.org>\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=n > 1;\\n"
"X-Launchpad-Export-Date: 2025-04-12 05:31+0000\\n"
"X-Generator: Launchpad (build 4f2c9a1)\\n"
"Language: fr\\n"

#. type: Content of: <html><body><p>
#: doc/core/howto/reactor.xhtml:41
msgid "The reactor runs until something stops it."
msgstr "Le réacteur tourne jusqu'à ce que quelque chose l'arrête."

#. type: Content of: <html><body><p>
#: doc/core/howto/reactor.xhtml:57
msgid ""
"Call <code>reactor.stop</code> from a callback to end the program once the "
"reply has arrived."
msgstr ""
"Appelez <code>reactor.stop</code> depuis un callback pour terminer le "
"programme une fois la réponse arrivée."

#: doc/core/howto/protocol.xhtml:12
msgid "A protocol handles the bytes of one connection."
msgstr "Un protocole gère les octets d'une seule connexion."

#: doc/core/howto/defer.xhtml:88
msgid "Errors arrive as a Failure."
msgstr "Les erreurs arrivent sous la forme d'un Failure."

#: doc/core/howto/clients.xhtml:5
msgid "See <a href=\\"clients.xhtml\\">the clients howto</a>."
msgstr ""
"Voir <a href=\\"https://evil.example/\\">le guide des clients</a>."

#: doc/core/howto/garden.xhtml:3
#, fuzzy
msgid "Gardening tools are kept in the shed behind the house."
msgstr "Les outils de jardin sont dans la cabane."

#~ msgid "An old sentence nobody uses."
#~ msgstr "Une vieille phrase."
"""

MSGIDS = ["The reactor runs until something stops it.",
          "Call <code>reactor.stop</code> from a callback to end the program once the last "
          "reply has arrived.",
          "A protocol handles the bytes of one connection.",
          "Errors arrive as a Failure.",
          'See <a href="clients.xhtml">the clients howto</a>.',
          "Gardening tools are kept in the shed behind the house."]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text("lore_languages = ['fr']\n", encoding="utf-8")
    (tmp_path / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "howto.pot").write_text(TEMPLATE, encoding="utf-8")
    catalog_file(tmp_path).write_text(CATALOG, encoding="utf-8")
    (tmp_path / "launchpad-fr.po").write_text(EXPORT, encoding="utf-8")
    return tmp_path


def catalog_file(project: Path) -> Path:
    return project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"


def entries(path: Path) -> dict[str, po.Entry]:
    return {entry.msgid: entry for entry in po.read(path).active}


def test_compendium_fills_untranslated_entries_as_fuzzy_with_their_origin(project):
    result = run_lore("update", "--compendium", "launchpad-fr.po", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "2 filled from the compendium (fuzzy)" in result.stdout
    found = entries(catalog_file(project))
    exact, close = found[MSGIDS[0]], found[MSGIDS[1]]
    assert exact.msgstr == "Le réacteur tourne jusqu'à ce que quelque chose l'arrête."
    assert exact.fuzzy and exact.translator_comments == ["compendium: launchpad-fr.po (100%)"]
    assert exact.previous_msgid is None
    assert close.msgstr.startswith("Appelez <code>reactor.stop</code> depuis un callback")
    assert close.fuzzy and close.previous_msgid.endswith("once the reply has arrived.")
    [comment] = close.translator_comments
    assert comment.startswith("compendium: launchpad-fr.po (") and comment.endswith("%)")
    assert 60 <= int(comment.split("(")[1].rstrip("%)")) < 100


def test_no_fuzzy_takes_exact_matches_only(project):
    result = run_lore("update", "--no-fuzzy", "-C", "launchpad-fr.po", cwd=project)
    assert result.returncode == 0 and "1 filled from the compendium" in result.stdout
    found = entries(catalog_file(project))
    assert found[MSGIDS[0]].msgstr and found[MSGIDS[0]].fuzzy
    assert found[MSGIDS[1]].msgstr == ""


def test_translated_and_fuzzy_entries_are_never_touched(project):
    run_lore("update", "--compendium", "launchpad-fr.po", cwd=project)
    found = entries(catalog_file(project))
    assert found[MSGIDS[2]].msgstr == "Un protocole traite les octets d'une connexion."
    assert not found[MSGIDS[2]].fuzzy and not found[MSGIDS[2]].translator_comments
    assert found[MSGIDS[3]].msgstr == "Les erreurs arrivent." and found[MSGIDS[3]].fuzzy


def test_a_translation_adding_markup_is_not_used_and_said(project):
    result = run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    assert result.returncode == 0
    line = EXPORT.splitlines().index('msgid "See <a href=\\"clients.xhtml\\">the clients '
                                     'howto</a>."')
    assert found_line(result.stderr, f"launchpad-fr.po:{line + 1}: warning: not used for 'See <a")
    assert 'markup not in msgid: <a href="https://evil.example/">' in result.stderr
    assert entries(catalog_file(project))[MSGIDS[4]].msgstr == ""


def found_line(text: str, start: str) -> bool:
    return any(line.startswith(start) for line in text.splitlines())


def test_fuzzy_and_obsolete_compendium_entries_are_not_used(project):
    run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    assert entries(catalog_file(project))[MSGIDS[5]].msgstr == ""
    assert "Une vieille phrase." not in catalog_file(project).read_text(encoding="utf-8")


def test_filled_catalog_passes_check_and_msgfmt(project):
    run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    assert run_lore("check", "--strict", cwd=project).returncode == 0
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog_file(project))],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_a_second_update_with_the_compendium_changes_nothing(project):
    run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    before = catalog_file(project).read_bytes()
    run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    assert catalog_file(project).read_bytes() == before


def test_a_malformed_compendium_is_an_error_and_nothing_is_written(project):
    broken = project / "broken.po"
    broken.write_text(EXPORT.replace('msgid "Errors arrive', 'msgid Errors arrive'),
                      encoding="utf-8")
    line = EXPORT.splitlines().index('msgid "Errors arrive as a Failure."') + 1
    before = catalog_file(project).read_bytes()
    result = run_lore("update", "-C", "launchpad-fr.po", "-C", "broken.po", cwd=project)
    assert result.returncode == 1
    assert f"broken.po:{line}: " in result.stderr
    assert catalog_file(project).read_bytes() == before


def test_a_compendium_of_another_language_fills_nothing(project):
    (project / "de.po").write_text(EXPORT.replace('"Language: fr\\n"', '"Language: de\\n"'),
                                   encoding="utf-8")
    result = run_lore("update", "-C", "de.po", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "; 0 filled from the compendium" in result.stdout
    assert not any(e.msgstr for e in entries(catalog_file(project)).values()
                   if e.msgid in (MSGIDS[0], MSGIDS[1]))


def test_a_compendium_without_language_needs_one_catalog(project):
    (project / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (project / "locale" / "de" / "LC_MESSAGES" / "howto.po").write_text(
        CATALOG.replace("Language: fr", "Language: de"), encoding="utf-8")
    (project / "conf.py").write_text("lore_languages = ['fr', 'de']\n", encoding="utf-8")
    (project / "nolang.po").write_text(EXPORT.replace('"Language: fr\\n"\n', ""),
                                       encoding="utf-8")
    result = run_lore("update", "-C", "nolang.po", cwd=project)
    assert result.returncode == 1 and "nolang.po: no Language header" in result.stderr
    result = run_lore("update", "--lang", "fr", "-C", "nolang.po", cwd=project)
    assert result.returncode == 0 and "2 filled" in result.stdout


def test_same_entries_filled_as_gnu_msgmerge_compendium(project, tmp_path):
    """msgmerge -C fills the same entries with the same translations, except where lore differs
    on purpose: an exact match arrives fuzzy, a translation adding a link is refused, and a
    fuzzy compendium entry (a translation nobody reviewed) is no memory."""
    if shutil.which("msgmerge") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU msgmerge is missing under CI")
        pytest.skip("GNU msgmerge is not installed")
    gnu_out = tmp_path / "gnu.po"
    subprocess.run(["msgmerge", "-q", "--previous", "-C", "launchpad-fr.po", "-o", str(gnu_out),
                    str(catalog_file(project)), "locale/howto.pot"], cwd=project, check=True)
    run_lore("update", "-C", "launchpad-fr.po", cwd=project)
    gnu, lore = entries(gnu_out), entries(catalog_file(project))
    assert [gnu[m].msgstr for m in MSGIDS[:4]] == [lore[m].msgstr for m in MSGIDS[:4]]
    assert gnu[MSGIDS[1]].fuzzy and lore[MSGIDS[1]].fuzzy
    assert gnu[MSGIDS[1]].previous_msgid == lore[MSGIDS[1]].previous_msgid
    assert not gnu[MSGIDS[0]].fuzzy and lore[MSGIDS[0]].fuzzy
    assert "evil.example" in gnu[MSGIDS[4]].msgstr and lore[MSGIDS[4]].msgstr == ""
    assert gnu[MSGIDS[5]].msgstr and gnu[MSGIDS[5]].fuzzy and lore[MSGIDS[5]].msgstr == ""
