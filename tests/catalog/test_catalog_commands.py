"""The catalog sub-commands on a project holding the real twisted-core template."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import subprocess

import pytest
from catalog_support import CORPUS_TEMPLATE, run_lore
from lore.catalogs import catalog as po

pytestmark = pytest.mark.shared("corpus/twisted-core")
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None,
    reason="GNU gettext's msgfmt is not installed (apt-get install gettext; .ci/run does)")

LANGUAGES = ["fr", "de", "ja", "es", "pt_BR"]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "conf.py").write_text(f"lore_languages = {LANGUAGES!r}\n", encoding="utf-8")
    (tmp_path / "locale").mkdir()
    shutil.copy(CORPUS_TEMPLATE, tmp_path / "locale" / "howto.pot")
    return tmp_path


def catalog_path(project, lang):
    return project / "locale" / lang / "LC_MESSAGES" / "howto.po"


def msgfmt_check(path):
    return subprocess.run(["msgfmt", "--check-format", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def init(project, *langs):
    for lang in langs:
        result = run_lore("init", lang, cwd=project)
        assert result.returncode == 0, result.stderr


def translate_some(path, every=5, text=lambda e: e.msgid):
    catalog = po.read(path)
    for entry in catalog.entries[::every]:
        entry.msgstr = text(entry)
    po.write(catalog)
    return catalog


@needs_msgfmt
def test_init_writes_gettext_headers_and_passes_msgfmt(project):
    init(project, "fr", "ja")
    fr, ja = po.read(catalog_path(project, "fr")), po.read(catalog_path(project, "ja"))
    assert fr.header_fields()["Language"] == "fr"
    assert fr.header_fields()["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert ja.header_fields()["Plural-Forms"] == "nplurals=1; plural=0;"
    assert len(fr.entries) == 2470 and not any(e.msgstr for e in fr.entries)
    for lang in ("fr", "ja"):
        result = msgfmt_check(catalog_path(project, lang))
        assert result.returncode == 0, result.stderr


def test_init_never_overwrites_a_catalog(project):
    init(project, "fr")
    translate_some(catalog_path(project, "fr"))
    before = catalog_path(project, "fr").read_bytes()
    result = run_lore("init", "fr", cwd=project)
    assert result.returncode == 1 and "exists" in result.stderr
    assert catalog_path(project, "fr").read_bytes() == before


@needs_msgfmt
def test_update_twice_changes_nothing_the_second_time(project):
    init(project, *LANGUAGES)
    translate_some(catalog_path(project, "fr"), every=3)
    template = po.read(project / "locale" / "howto.pot")
    template.entries[0].msgid += " Now longer."
    del template.entries[3]
    po.write(template)
    first = run_lore("update", cwd=project)
    assert first.returncode == 0, first.stderr
    snapshot = {lang: catalog_path(project, lang).read_bytes() for lang in LANGUAGES}
    second = run_lore("update", cwd=project)
    assert second.returncode == 0, second.stderr
    assert {lang: catalog_path(project, lang).read_bytes() for lang in LANGUAGES} == snapshot
    assert second.stdout.count("unchanged") == len(LANGUAGES)
    fr = po.read(catalog_path(project, "fr"))
    assert fr.entries[0].fuzzy and fr.entries[0].previous_msgid is not None
    assert any(e.obsolete for e in fr.entries)
    assert msgfmt_check(catalog_path(project, "fr")).returncode == 0


def test_update_writes_nothing_when_a_catalog_is_malformed(project):
    init(project, "fr", "de")
    translate_some(catalog_path(project, "de"))
    bad = catalog_path(project, "fr")
    lines = bad.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[40] = 'msgstr "unterminated\n'
    bad.write_text("".join(lines), encoding="utf-8")
    template = po.read(project / "locale" / "howto.pot")
    del template.entries[0]
    po.write(template)
    before = {lang: catalog_path(project, lang).read_bytes() for lang in ("fr", "de")}
    result = run_lore("update", cwd=project)
    assert result.returncode == 1
    assert f"{bad.relative_to(project)}:41: expected a quoted string" in result.stderr
    assert "Traceback" not in result.stderr
    assert {lang: catalog_path(project, lang).read_bytes() for lang in ("fr", "de")} == before


def test_check_reports_each_bad_entry_with_its_line(project):
    init(project, "fr")
    path = catalog_path(project, "fr")
    catalog = po.read(path)
    targets = [e for e in catalog.entries if "<code" in e.msgid][:3]
    targets[0].msgstr = targets[0].msgid + '<script>alert("x")</script>'
    targets[1].msgstr = targets[1].msgid.replace("<code", '<code onclick="steal()"', 1)
    targets[2].msgstr = targets[2].msgid + " <b>unclosed"
    po.write(catalog)
    text = path.read_text(encoding="utf-8").splitlines()
    result = run_lore("check", "--lang", "fr", cwd=project)
    assert result.returncode == 1
    reported = {int(m) for m in re.findall(r"howto\.po:(\d+): ", result.stdout)}
    assert len(reported) == 3
    for line in reported:  # each reported line is the msgid line of one of the bad entries
        assert text[line - 1].startswith("msgid")
    assert "<script>" in result.stdout and "onclick" in result.stdout


def test_check_accepts_faithful_translations(project):
    init(project, "fr")
    translate_some(catalog_path(project, "fr"), every=1)
    result = run_lore("check", "--lang", "fr", cwd=project)
    assert result.returncode == 0, result.stdout


@needs_msgfmt
def test_compile_writes_a_mo_that_gettext_reads_without_bad_entries(project):
    init(project, "fr")
    path = catalog_path(project, "fr")
    catalog = translate_some(path, every=4, text=lambda e: e.msgid.replace("the", "le"))
    bad = next(e for e in catalog.entries if e.msgstr and "<code" in e.msgid)
    bad.msgstr += "<script>x</script>"
    fuzzy = next(e for e in catalog.entries if e.msgstr and e is not bad)
    fuzzy.set_fuzzy(True)
    po.write(catalog)
    line = next(e.line for e in po.read(path).entries if e.msgid == bad.msgid)
    result = run_lore("compile", "--lang", "fr", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"howto.po:{line}: warning" in result.stderr
    assert msgfmt_check(path).returncode == 0
    with open(path.with_suffix(".mo"), "rb") as stream:
        translations = gettext.GNUTranslations(stream)
    good = [e for e in catalog.entries if e.msgstr and e is not bad and e is not fuzzy]
    assert all(translations.gettext(e.msgid) == e.msgstr for e in good)
    assert translations.gettext(bad.msgid) == bad.msgid
    assert translations.gettext(fuzzy.msgid) == fuzzy.msgid
    assert translations.info()["language"] == "fr"


@needs_msgfmt
def test_stats_agree_with_msgfmt_statistics(project):
    init(project, "fr")
    path = catalog_path(project, "fr")
    catalog = translate_some(path, every=3)
    for entry in [e for e in catalog.entries if e.msgstr][::4]:
        entry.set_fuzzy(True)
    po.write(catalog)
    gnu = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True, check=True).stderr
    numbers = {kind: int(n) for n, kind in
               re.findall(r"(\d+) (translated|fuzzy|untranslated)", gnu)}
    result = run_lore("stats", "--lang", "fr", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    total = json.loads(result.stdout)["fr"]["total"]
    assert {k: total[k] for k in numbers} == numbers
    per_doc = json.loads(result.stdout)["fr"]["documents"]
    assert len(per_doc) == 58
    table = run_lore("stats", "--lang", "fr", cwd=project).stdout
    assert "howto/amp.xhtml" in table and f"{numbers['translated']}" in table


def refused_everywhere(entry: po.Entry) -> str:
    """A msgstr that ``lore check`` refuses whatever the message: its first newline differs."""
    return entry.msgid[1:] if entry.msgid.startswith("\n") else "\n" + entry.msgid


def test_stats_count_entries_refused_by_check_as_not_translated(project):
    init(project, "fr")
    path = catalog_path(project, "fr")
    translate_some(path, every=1, text=refused_everywhere)
    problems = run_lore("check", "--lang", "fr", cwd=project)
    refused_entries = {line.split(": ")[0] for line in problems.stdout.splitlines()}
    assert problems.returncode == 1 and len(refused_entries) == 2470
    figures = json.loads(run_lore("stats", "--lang", "fr", "--json", cwd=project).stdout)["fr"]
    assert figures["total"] == {"translated": 0, "fuzzy": 0, "refused": 2470, "untranslated": 0,
                                "warnings": 0, "total": 2470, "percent": 0.0}
    assert all(c["translated"] == 0 and c["refused"] == c["total"] and c["percent"] == 0.0
               for c in figures["documents"].values())
    header, overall = run_lore("stats", "--lang", "fr", cwd=project).stdout.splitlines()[:2]
    assert header.split() == ["LANG", "DOCUMENT", "TRANSLATED", "FUZZY", "REFUSED", "UNTRANS.",
                              "%", "WARNED"]
    assert overall.split() == ["fr", "(all)", "0", "0", "2470", "0", "0.0", "0"]


def test_stats_tell_refused_entries_from_translated_ones(project):
    init(project, "fr")
    path = catalog_path(project, "fr")
    catalog = translate_some(path, every=2)
    refused = [e for e in catalog.entries if e.msgstr][::3]
    for entry in refused:
        entry.msgstr = refused_everywhere(entry)
    po.write(catalog)
    total = json.loads(run_lore("stats", "--lang", "fr", "--json", cwd=project).stdout)["fr"]
    assert total["total"]["refused"] == len(refused)
    assert total["total"]["translated"] == 1235 - len(refused)
    update = run_lore("update", "--lang", "fr", cwd=project)
    assert f", {len(refused)} refused by lore check" in update.stdout


@needs_msgfmt
def test_pseudo_catalog_is_valid_complete_and_stable(project):
    first = run_lore("pseudo", cwd=project)
    assert first.returncode == 0, first.stderr
    path = catalog_path(project, "qps")
    before = path.read_bytes()
    assert run_lore("pseudo", cwd=project).returncode == 0
    assert path.read_bytes() == before
    catalog = po.read(path)
    assert all(e.msgstr and e.msgstr != e.msgid and not e.fuzzy for e in catalog.entries)
    assert run_lore("check", str(path), cwd=project).returncode == 0
    assert msgfmt_check(path).returncode == 0


def test_init_refuses_an_unknown_language(project):
    result = run_lore("init", "xx", cwd=project)
    assert result.returncode == 1 and "unknown language 'xx'" in result.stderr
    assert not catalog_path(project, "xx").exists()


def test_update_and_stats_also_cover_catalogs_not_listed_in_conf(project):
    (project / "conf.py").write_text("lore_languages = ['fr']\n", encoding="utf-8")
    init(project, "fr", "de")
    template = po.read(project / "locale" / "howto.pot")
    del template.entries[0]
    po.write(template)
    result = run_lore("update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "fr/LC_MESSAGES/howto.po: updated" in result.stdout
    assert "de/LC_MESSAGES/howto.po: updated" in result.stdout
    stats = json.loads(run_lore("stats", "--json", cwd=project).stdout)
    assert list(stats) == ["fr", "de"] and stats["de"]["total"]["total"] == 2469
