"""The check gate: which msgstrs may replace their msgid, and why the others may not."""

from __future__ import annotations

import pytest
from lore.catalogs import check
from lore.catalogs.catalog import Entry

MSGID = ('Call <code class="API" base="twisted.internet.reactor">run</code> as shown in '
         '<a href="clients.xhtml">the clients howto</a>, then <em>wait</em>.')
CONTENT = "type: Content of: <html><body><p>"


def problems(msgstr, msgid=MSGID, kind=CONTENT, flags=()):
    return check.entry_problems(Entry(msgid, msgstr, auto_comments=[kind], flags=list(flags)))


def test_reordered_translation_with_the_same_markup_passes():
    msgstr = ('Attendez (<em>patience</em>) : voir <a href="clients.xhtml">le guide</a> et '
              'appelez <code class="API" base="twisted.internet.reactor">run</code>&nbsp;!')
    assert problems(msgstr) == []


@pytest.mark.parametrize(("msgstr", "expected"), [
    (MSGID.replace("<em>wait</em>", "wait"), "markup of msgid missing: <em>"),
    (MSGID + " <strong>!</strong>", "markup not in msgid: <strong>"),
    (MSGID.replace("clients.xhtml", "http://evil.example/"), 'not in msgid: <a href="http'),
    (MSGID.replace(">run<", ">stop<"), "markup not in msgid: <code"),
    (MSGID.replace("twisted.internet.reactor", "os"), "markup not in msgid: <code"),
    (MSGID.replace("<em>", '<em onmouseover="x()">'), "forbidden event attribute onmouseover"),
    (MSGID + '<script>alert(1)</script>', "forbidden element <script>"),
    (MSGID.replace('href="clients.xhtml"', 'href=" jav&#x61;script:alert(1)"'),
     "forbidden script URL in href"),
    (MSGID.replace("<em>", '<em xml:base="http://evil.example/">'), "markup not in msgid"),
    (MSGID.replace("<em>", '<em xmlns="http://evil.example/">'), "markup not in msgid"),
    (MSGID + "<!-- hidden -->", "markup not in msgid: <!-- comment -->"),
    (MSGID + "<?php evil() ?>", "markup not in msgid: <?php?>"),
    (MSGID + " <b>", "not a well-formed XHTML fragment"),
    (MSGID + " </p><p>", "not a well-formed XHTML fragment"),
    (MSGID + " &bogus;", "unknown entity &bogus;"),
    (MSGID + ' <!DOCTYPE x [<!ENTITY e "boom">]>', "not a well-formed XHTML fragment"),
    (MSGID + " \x1b[31m", "control character"),
    (MSGID + " \x85", "control character"),
    (MSGID + " &#1;", "not a well-formed XHTML fragment"),
])
def test_foreign_or_broken_markup_is_refused(msgstr, expected):
    found = problems(msgstr)
    assert any(expected in problem for problem in found), found


def test_script_is_refused_even_when_the_msgid_has_it():
    msgid = "Run <script>x()</script> now."
    assert "forbidden element <script>" in problems(msgid, msgid=msgid)


def test_no_wrap_messages_keep_their_lines():
    msgid = "$ twistd -n web\nServer started\n"
    assert problems("$ twistd -n web\nServeur démarré\n", msgid, flags=["no-wrap"]) == []
    assert any("lines" in p for p in problems("$ twistd -n web Serveur\n", msgid,
                                              flags=["no-wrap"]))
    assert any("end with a newline" in p for p in problems("$ twistd\nServeur", msgid,
                                                           flags=["no-wrap"]))


def test_attribute_messages_are_text_without_script_urls():
    kind = "type: Attribute 'title' of: <html><body><img>"
    assert problems("Connexion <sécurisée> & rapide", "Secure login", kind) == []
    assert problems("javascript:alert(1)", "Secure login", kind) != []
    assert problems("x", "y", "type: Attribute 'onclick' of: <html><body><b>") != []


def test_unbalanced_msgid_needs_its_tags_verbatim_and_text_only():
    msgid = 'the remote object<span class="footnote">'
    assert problems('l\'objet distant<span class="footnote">', msgid) == []
    assert problems('l\'objet<b>x</b><span class="footnote">', msgid) != []
    assert problems('l\'objet distant<span class="evil">', msgid) != []
    assert problems("</span>.", "</span>.") == []


def test_cdata_messages_cannot_close_their_section():
    assert problems("texte ]]><script>x</script>", "text", "type: CDATA") != []
    assert problems("texte < libre", "text", "type: CDATA") == []


def test_untranslated_and_fuzzy_entries_are_not_usable():
    assert not check.usable(Entry(MSGID, ""))
    assert not check.usable(Entry(MSGID, MSGID, flags=["fuzzy"]))
    assert check.usable(Entry(MSGID, MSGID, auto_comments=[CONTENT]))


LOWER_API = ('Create a <code class="api" base="twisted.internet.protocol">Factory</code> '
             'with <a class="API" base="twisted.python.usage">Completions</a>.')


@pytest.mark.parametrize(("msgid", "msgstr"), [
    (LOWER_API, LOWER_API.replace(">Factory<", ">Ƒáçŧóŕý<")),
    (LOWER_API, LOWER_API.replace(">Completions<", ">Complétions<")),
    (LOWER_API.replace('"api"', '"python Api"'),
     LOWER_API.replace('"api"', '"python Api"').replace(">Factory<", ">Usine<")),
])
def test_an_api_reference_keeps_its_text_whatever_the_case_of_its_class(msgid, msgstr):
    assert any("markup not in msgid" in p for p in problems(msgstr, msgid=msgid))


def test_an_api_reference_in_lower_case_may_move_in_the_sentence():
    msgstr = ('Avec <a class="API" base="twisted.python.usage">Completions</a>, créez une '
              '<code class="api" base="twisted.internet.protocol">Factory</code>.')
    assert problems(msgstr, msgid=LOWER_API) == []
