"""The quality warnings of ``lore check``: each code, inflection-tolerant terms, silencing,
``--strict`` and the warned counts of ``lore stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_support import run_lore
from lore.catalogs import quality, terminology
from lore.catalogs.catalog import CatalogError, Entry
from lore.catalogs.quality_codes import CODES

CONTENT = "type: Content of: <html><body><p>"
FR_TERMS = ("term\ttranslation\tnote\n"
            "reactor\tréacteur\t\n"
            "event loop\tboucle d'événements\t\n"
            "journal\tjournal\tto test -al/-aux\n"
            "fire (a Deferred fires)\tse déclencher\t\n"
            "factory\tfabrique\t\n"
            "client factory\tfabrique cliente\t\n"
            "Deferred\tDeferred\tkept\n"
            "connection\tconnexion\t\n")
DE_TERMS = ("term\ttranslation\tnote\n"
            "reactor\tReactor\tkept\n"
            "protocol\tProtokoll\t\n"
            "connection\tVerbindung\t\n"
            "namespace\tNamensraum\t\n"
            "port\tPort\tPortnummer\n"
            "event loop\tEreignisschleife\t\n"
            "loop\tSchleife\t\n"
            "fire (a Deferred fires)\tausgelöst werden\t\n"
            "provide (an interface)\tbereitstellen\t\n")
JA_TERMS = "term\ttranslation\tnote\nreactor\tリアクター\t\nfire\t発火する\t\n"


def context(tmp_path: Path, lang: str, table: str) -> quality.Context:
    path = tmp_path / f"{lang}.tsv"
    path.write_text(table, encoding="utf-8")
    return quality.Context(lang, terminology.load(path, lang), str(path))


def codes(msgid: str, msgstr: str, ctx: quality.Context, comments=()) -> list[str]:
    entry = Entry(msgid, msgstr, auto_comments=[CONTENT], translator_comments=list(comments))
    return [code for code, _message in quality.entry_findings(entry, ctx)]


@pytest.fixture
def fr(tmp_path):
    return context(tmp_path, "fr", FR_TERMS)


@pytest.fixture
def de(tmp_path):
    return context(tmp_path, "de", DE_TERMS)


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("The reactor runs.", "Le réacteur tourne."),
    ("Both reactors run.", "Les deux réacteurs tournent."),
    ("The event loops stop.", "Les boucles d'événements s'arrêtent."),
    ("Each journal is kept.", "Les journaux sont gardés."),
    ("The Deferred fires.", "Le Deferred se déclenche."),
    ("Deferreds fire once.", "Les Deferred se déclenchent une fois."),
    ("The factories build protocols.", "Les fabriques construisent des protocoles."),
    ("A client factory connects.", "Une fabrique cliente se connecte."),
    ("Connections end.", "Les connexions se terminent."),
])
def test_french_inflected_terms_are_found(fr, msgid, msgstr):
    assert codes(msgid, msgstr, fr) == []


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("The reactor runs.", "Der Reactor läuft."),
    ("The reactor's clock.", "Die Uhr des Reactors."),
    ("Two protocols.", "Zwei Protokolle."),
    ("The name of the protocol.", "Der Name des Protokolls."),
    ("With both connections.", "Mit beiden Verbindungen."),
    ("Two namespaces.", "Zwei Namensräume."),
    ("Pick a port.", "Wählen Sie eine Portnummer."),
    ("The event loop runs.", "Die Ereignisschleife läuft."),
    ("The loop of the reactor.", "Die Ereignisschleife des Reactors."),
    ("It fires at once.", "Er wird sofort ausgelöst."),
    ("When it fires, it is done.", "Wenn er ausgelöst wird, ist er fertig."),
    ("It fires at once.", "Er löst sofort aus."),
    ("A clock provides it.", "Eine Uhr stellt sie bereit."),
    ("To provide it, call it.", "Um sie bereitzustellen, rufen Sie sie auf."),
])
def test_german_inflected_and_compound_terms_are_found(de, msgid, msgstr):
    assert codes(msgid, msgstr, de) == []


def test_german_terms_still_missing_are_reported(de):
    assert codes("A clock provides it.", "Eine Uhr bietet sie.", de) == ["Q101"]
    assert codes("It fires at once.", "Er feuert sofort.", de) == ["Q101"]
    assert codes("Two protocols.", "Zwei Verfahren.", de) == ["Q101"]


def test_japanese_terms_are_found_without_word_boundaries_and_okurigana(tmp_path):
    ja = context(tmp_path, "ja", JA_TERMS)
    assert codes("The reactor fires it.", "リアクターがそれを発火します。", ja) == []
    assert codes("The reactor fires it.", "反応炉がそれを発火します。", ja) == ["Q101"]


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("The reactor runs.", "Le moteur tourne."),
    ("A factory builds them.", "Une usine les construit."),
    ("The connection ends.", "La liaison se termine."),
])
def test_a_term_without_its_agreed_translation_is_q101(fr, msgid, msgstr):
    assert codes(msgid, msgstr, fr) == ["Q101"]


def test_terms_in_code_file_names_and_identifiers_do_not_count(fr):
    msgid = 'Call <code>reactor.run</code> in factory.py, or IReactorTime.'
    assert codes(msgid, "Appelez <code>reactor.run</code> dans factory.py, ou IReactorTime.",
                 fr) == []


def test_the_longest_term_wins(fr):
    assert codes("A client factory.", "Une fabrique cliente.", fr) == []
    assert codes("A client factory.", "Une fabrique de clients.", fr) == ["Q101"]


def test_a_capitalized_term_is_matched_with_its_case_only(fr):
    assert codes("A deferred call.", "Un appel différé.", fr) == []
    assert codes("A Deferred result.", "Un résultat différé.", fr) == ["Q101"]


def test_the_warning_names_the_term_and_the_table_line(fr):
    entry = Entry("The reactor runs.", "Le moteur tourne.", auto_comments=[CONTENT])
    [(code, message)] = quality.entry_findings(entry, fr)
    assert code == "Q101" and "'reactor'" in message and "'réacteur'" in message
    assert message.endswith("fr.tsv:2)")


@pytest.mark.parametrize(("msgid", "msgstr", "code"), [
    ("Listen on port 8080.", "Écoutez sur le port 8000.", "Q102"),
    ("Wait 30 seconds.", "Attendez quelques secondes.", "Q102"),
    ("See https://twisted.org/docs for more.", "Voir https://twisted.org pour plus.", "Q103"),
    ("Run <code>twistd -n</code> now.", "Lancez <code>twistd -y</code> maintenant.", "Q104"),
    ("Run <code>a</code> and <code>b</code>.", "Lancez <code>a</code>.", "Q104"),
    ("Hello %s, you have %(count)d.", "Bonjour, vous avez %(count)d.", "Q105"),
    ("Hello {name}!", "Bonjour {nom} !", "Q105"),
    ("It stops.", "Il s'arrête", "Q106"),
    ("As follows:", "Comme suit", "Q106"),
    ("Really?", "Vraiment.", "Q106"),
    (" It stops.", "Il s'arrête.", "Q107"),
    ("It stops.", "Il s'arrête. ", "Q107"),
    ("It stops. Then it ends.", "Il s'arrête.  Puis il finit.", "Q108"),
    ("Call it when the connection is lost.", "Call it when the connection is lost.", "Q109"),
])
def test_each_code_is_reported(fr, msgid, msgstr, code):
    assert codes(msgid, msgstr, fr) == [code]


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Listen on port 1,000.", "Écoutez sur le port 1 000."),
    ("Send one message.", "メッセージを1つ送る。"),
    ("As follows:", "Comme suit :"),
    ("Really?", "Vraiment ?"),
    ("Really!", "Vraiment\u202f!"),
    ("It stops.", "Il s'arrête…"),
    ('It stops (see <a href="x.xhtml">here</a>).', 'Arrêt (voir <a href="x.xhtml">ici</a>).'),
    ("It stops. Then it ends.", "Il s'arrête. Puis il finit."),
    ("<code>reactor.run()</code>", "<code>reactor.run()</code>"),
    ('<code class="API" base="twisted.internet">reactor</code>',
     '<code class="API" base="twisted.internet">reactor</code>'),
    ("TCP and UDP", "TCP and UDP"),
    ("Twisted Matrix Laboratories", "Twisted Matrix Laboratories"),
    ("Introduction", "Introduction"),
    ("127.0.0.1:8080", "127.0.0.1:8080"),
    ("Use 100% of it.", "Utilisez-en 100 %."),
])
def test_faithful_translations_have_no_warning(fr, msgid, msgstr):
    assert codes(msgid, msgstr, fr) == []


def test_a_japanese_sentence_may_end_with_a_full_stop_where_english_has_a_colon(tmp_path):
    ja = context(tmp_path, "ja", JA_TERMS)
    assert codes("Run it like this:", "次のように実行します。", ja) == []
    assert codes("Run it like this:", "次のように実行します：", ja) == []
    assert codes("Run it like this:", "次のように実行します", ja) == ["Q106"]
    assert codes("Is it running?", "動いていますか？", ja) == []


def test_a_translator_comment_silences_the_codes_it_names(fr):
    msgid, msgstr = "The reactor stops.", "Le moteur s'arrête"
    assert codes(msgid, msgstr, fr) == ["Q101", "Q106"]
    assert codes(msgid, msgstr, fr, ["lore-ignore: Q101 a pun on moteur"]) == ["Q106"]
    assert codes(msgid, msgstr, fr, ["lore-ignore: Q101, Q106 both meant"]) == []
    assert codes(msgid, msgstr, fr, ["lore-ignore Q101 missing colon"]) == ["Q101", "Q106"]
    assert codes(msgid, msgstr, fr, ["reviewed: lore-ignore: Q101"]) == ["Q101", "Q106"]


def test_a_malformed_terminology_table_names_file_and_line(tmp_path):
    path = tmp_path / "terminology.tsv"
    path.write_text("term\ttranslation\tnote\nreactor\tréacteur\t\nlonely\n", encoding="utf-8")
    with pytest.raises(CatalogError) as failure:
        terminology.load(path, "fr")
    assert (failure.value.path, failure.value.line) == (str(path), 3)


PO_HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
             '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')


def write_project(tmp_path: Path, entries: str) -> Path:
    """A project with conf.py, a French catalog of ``entries`` and its terminology."""
    (tmp_path / "conf.py").write_text("lore_languages = ['fr']\n", encoding="utf-8")
    folder = tmp_path / "locale" / "fr"
    (folder / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    (folder / "terminology.tsv").write_text(FR_TERMS, encoding="utf-8")
    catalog = folder / "LC_MESSAGES" / "howto.po"
    catalog.write_text(PO_HEADER + entries, encoding="utf-8")
    return catalog


ENTRIES = """\
#. type: Content of: <html><body><p>
#: howto/a.xhtml:3
msgid "The reactor stops."
msgstr "Le réacteur s'arrête."

#. type: Content of: <html><body><p>
#: howto/a.xhtml:5
msgid "Listen on port 8080."
msgstr "Écoutez sur le port 8000."

#. type: Content of: <html><body><p>
#: howto/b.xhtml:7
msgid "Call <em>it</em>."
msgstr "Appelez <b>ça</b>."

# lore-ignore: Q101 the engine here is a car's, not Twisted's reactor
#. type: Content of: <html><body><p>
#: howto/b.xhtml:9
msgid "The reactor of a car."
msgstr "Le moteur d'une voiture."
"""


def test_check_prints_warnings_with_codes_and_exits_0(tmp_path):
    catalog = write_project(tmp_path, ENTRIES.replace("<b>ça</b>", "<em>ça</em>"))
    result = run_lore("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{catalog.relative_to(tmp_path)}:13: Q102 number '8080' of the msgid missing "
        "(the msgstr has '8000')"]


def test_strict_makes_warnings_fail(tmp_path):
    write_project(tmp_path, ENTRIES.replace("<b>ça</b>", "<em>ça</em>"))
    assert run_lore("check", "--strict", cwd=tmp_path).returncode == 1
    clean = ENTRIES.replace("<b>ça</b>", "<em>ça</em>").replace("8000", "8080")
    write_project(tmp_path, clean)
    result = run_lore("check", "--strict", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_errors_and_warnings_come_in_file_order_and_errors_fail(tmp_path):
    write_project(tmp_path, ENTRIES)
    result = run_lore("check", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert lines[0].startswith("Q102 ") and lines[1].startswith("markup not in msgid: <b>")


def test_stats_count_warned_entries_among_the_translated(tmp_path):
    write_project(tmp_path, ENTRIES)
    result = run_lore("stats", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["fr"]
    assert figures["total"] == {"translated": 3, "fuzzy": 0, "untranslated": 0,
                                     "refused": 1, "warnings": 1, "total": 4, "percent": 75.0}
    assert figures["documents"]["howto/a.xhtml"]["warnings"] == 1
    assert figures["documents"]["howto/b.xhtml"]["warnings"] == 0
    table = run_lore("stats", cwd=tmp_path).stdout.splitlines()
    assert table[0].split()[-1] == "WARNED" and table[1].split()[-1] == "1"


def test_check_help_documents_every_code(tmp_path):
    result = run_lore("check", "--help", cwd=tmp_path)
    assert len(CODES) == 9
    for code, meaning in CODES.items():
        assert f"{code} {' '.join(meaning.split())}" in " ".join(result.stdout.split())
    assert "lore-ignore: " in result.stdout and "--strict" in result.stdout
