"""The catalog model: strict reading with lines, stable GNU layout, atomic writes, msgmerge."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po
from catalog_support import CORPUS_TEMPLATE
from hypothesis import given, settings
from hypothesis import strategies as st
from lore.catalogs import catalog as po

needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None,
    reason="GNU gettext's msgmerge is not installed (apt-get install gettext; .ci/run does)")

needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None,
    reason="GNU gettext's msgcat is not installed (apt-get install gettext; .ci/run does)")

SAMPLE = """\
# Translator note on the header.
msgid ""
msgstr ""
"Language: fr\\n"
"POT-Creation-Date: 2020-01-01 00:00+0000\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# Gardez le ton.
#. type: Content of: <html><body><p>
#: howto/a.xhtml:3
#, c-format
msgid "Keep the <b>bold</b> part."
msgstr "Gardez la partie <b>grasse</b>."

#. type: Content of: <html><body><p>
#: howto/a.xhtml:5
msgid "The server listens on a port and answers every client that connects."
msgstr "Le serveur écoute sur un port et répond à chaque client qui se connecte."

#: howto/a.xhtml:7
msgid "Untranslated."
msgstr ""

# Ancienne note.
#~ msgid "Long gone."
#~ msgstr "Disparu depuis longtemps."
"""

TEMPLATE = """\
msgid ""
msgstr ""
"POT-Creation-Date: 2024-05-05 05:05+0000\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. type: Content of: <html><body><p>
#: howto/a.xhtml:4
msgid "Keep the <b>bold</b> part."
msgstr ""

#. type: Content of: <html><body><p>
#: howto/a.xhtml:6
msgid "The server listens on a port and answers each client that connects."
msgstr ""

#: howto/a.xhtml:9
msgid "Long gone."
msgstr ""

#: howto/a.xhtml:11
msgid "Brand new."
msgstr ""
"""


def test_reading_keeps_everything_and_the_lines():
    catalog = po.parse(SAMPLE, "fr.po")
    assert catalog.header.translator_comments == ["Translator note on the header."]
    assert catalog.header_fields()["Language"] == "fr"
    first, second, third, gone = catalog.entries
    assert (first.line, second.line, third.line, gone.line) == (12, 17, 21, 25)
    assert first.translator_comments == ["Gardez le ton."]
    assert first.flags == ["c-format"] and first.references == ["howto/a.xhtml:3"]
    assert first.kind == "Content of: <html><body><p>"
    assert gone.obsolete and gone.msgstr == "Disparu depuis longtemps."
    assert not third.translated


@pytest.mark.shared("corpus/twisted-core")
@needs_msgcat
def test_writing_is_a_fixed_point_on_the_real_template():
    text = CORPUS_TEMPLATE.read_text(encoding="utf-8")
    once = po.dump(po.parse(text))
    assert po.dump(po.parse(once)) == once
    assert len(po.parse(once).entries) == 2470
    # GNU gettext reads what lore writes as the same catalog (msgcat normalizes both).
    normal = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True,
                            check=True).stdout
    ours = subprocess.run(["msgcat", "-"], input=once, capture_output=True, text=True,
                          check=True).stdout
    assert ours == normal


def test_no_wrap_messages_are_split_only_at_newlines():
    long_line = "x = " + " + ".join(["value"] * 30) + "\n"
    entry = po.Entry(long_line * 2, flags=["no-wrap"])
    lines = po.dump(po.Catalog(entries=[entry])).splitlines()
    assert lines[4:7] == ['msgid ""', f'"{long_line[:-1]}\\n"', f'"{long_line[:-1]}\\n"']


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr ""\n', 4, "expected a quoted string"),
    ('msgid "a"\nmsgstr "b"\nbogus "x"\n', 3, "unknown keyword"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "without msgstr"),
    ('msgstr "orphan"\n', 1, "msgstr without msgid"),
    ('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr "x"\n', 4, "duplicate message"),
    ('msgid "a\\q"\nmsgstr ""\n', 1, "invalid escape"),
])
def test_malformed_catalogs_name_file_and_line(text, line, message):
    with pytest.raises(po.CatalogError) as raised:
        po.parse(text, "bad.po")
    assert str(raised.value).startswith(f"bad.po:{line}: ")
    assert message in raised.value.message


def test_write_is_atomic_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "fr.po"
    target.write_text(SAMPLE, encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        po.write(po.Catalog(entries=[po.Entry("new")]), target)
    assert target.read_text(encoding="utf-8") == SAMPLE
    assert os.listdir(tmp_path) == ["fr.po"]


def merged() -> po.Catalog:
    return po.merge(po.parse(SAMPLE, "fr.po"), po.parse(TEMPLATE, "howto.pot"))


def test_merge_keeps_translations_comments_and_flags():
    entry = merged().entries[0]
    assert entry.msgstr == "Gardez la partie <b>grasse</b>."
    assert entry.translator_comments == ["Gardez le ton."]
    assert entry.flags == ["c-format"] and entry.references == ["howto/a.xhtml:4"]


def test_merge_makes_changed_messages_fuzzy_with_the_previous_msgid():
    entry = merged().entries[1]
    assert entry.fuzzy
    assert entry.msgstr.startswith("Le serveur")
    assert entry.previous_msgid == ("The server listens on a port and answers every client "
                                    "that connects.")


def test_merge_revives_obsolete_entries_and_obsoletes_vanished_ones():
    catalog = merged()
    revived, new = catalog.entries[2], catalog.entries[3]
    assert (revived.msgstr, revived.obsolete) == ("Disparu depuis longtemps.", False)
    assert revived.translator_comments == ["Ancienne note."]
    assert (new.msgid, new.msgstr) == ("Brand new.", "")
    assert len(catalog.entries) == 4  # the fuzzy source is used; the untranslated one dropped
    assert catalog.header_fields()["POT-Creation-Date"] == "2024-05-05 05:05+0000"
    assert catalog.header.translator_comments == ["Translator note on the header."]


def test_merge_keeps_a_vanished_translation_as_obsolete():
    template = po.parse('msgid ""\nmsgstr ""\n\nmsgid "Other."\nmsgstr ""\n', "t.pot")
    catalog = po.merge(po.parse(SAMPLE, "fr.po"), template, fuzzy_matching=False)
    obsolete = [e for e in catalog.entries if e.obsolete]
    assert [e.msgid for e in obsolete] == ["Long gone.", "Keep the <b>bold</b> part.",
                                           "The server listens on a port and answers every "
                                           "client that connects."]
    assert "#~ msgid \"Keep the <b>bold</b> part.\"" in po.dump(catalog)


@needs_msgmerge
def test_merge_agrees_with_msgmerge(tmp_path):
    (tmp_path / "fr.po").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "t.pot").write_text(TEMPLATE, encoding="utf-8")
    gnu = subprocess.run(["msgmerge", "-q", "--previous", "-o", "-", "fr.po", "t.pot"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    theirs = po.parse(gnu, "gnu.po")
    ours = merged()

    def view(catalog):
        return [(e.msgid, e.msgstr, e.fuzzy, e.obsolete, e.previous_msgid,
                 e.translator_comments) for e in catalog.entries]

    assert view(ours) == view(theirs)


@pytest.mark.shared("corpus/twisted-core")
def test_merge_is_idempotent_on_the_real_template():
    template = po.read(CORPUS_TEMPLATE)
    catalog = po.initial(template, "fr", "2024-01-01 00:00+0000", "fr.po")
    for index, entry in enumerate(catalog.entries[::7]):
        entry.msgstr = f"traduction {index}"
    once = po.dump(po.merge(catalog, template))
    assert po.dump(po.merge(po.parse(once), template)) == once


@settings(max_examples=200, deadline=None)
@given(msgid=st.text(min_size=1), msgstr=st.text(), no_wrap=st.booleans())
def test_any_text_survives_writing_and_reading(msgid, msgstr, no_wrap):
    entry = po.Entry(msgid, msgstr, flags=["no-wrap"] if no_wrap else [])
    again = po.parse(po.dump(po.Catalog(entries=[entry]))).entries[0]
    assert (again.msgid, again.msgstr) == (msgid, msgstr)


@pytest.mark.shared("corpus/twisted-core")
def test_babel_reads_what_lore_writes():
    catalog = po.initial(po.read(CORPUS_TEMPLATE), "fr", "2024-01-01 00:00+0000", "fr.po")
    for index, entry in enumerate(catalog.entries):
        entry.msgstr = f"« {entry.msgid} » n°{index}"
    theirs = read_po(io.BytesIO(po.dump(catalog).encode("utf-8")), abort_invalid=True)
    assert {m.id: m.string for m in theirs if m.id} == {e.msgid: e.msgstr
                                                       for e in catalog.entries}


@pytest.mark.shared("corpus/twisted-core")
def test_fuzzy_matching_finds_each_changed_message_its_own_old_translation():
    template = po.read(CORPUS_TEMPLATE)
    catalog = po.initial(template, "fr", "2024-01-01 00:00+0000", "fr.po")
    for index, entry in enumerate(catalog.entries):
        entry.msgstr = f"traduction {index}"
    changed = [n for n in range(100, 300) if len(template.entries[n].msgid) > 40][:60]
    old_ids = [template.entries[n].msgid for n in changed]
    for n in changed:
        template.entries[n].msgid = template.entries[n].msgid.replace("e", "E", 1) + " now"
    merged = po.merge(catalog, template).entries
    assert [merged[n].previous_msgid for n in changed] == old_ids
    assert all(merged[n].fuzzy and merged[n].msgstr == f"traduction {n}" for n in changed)
