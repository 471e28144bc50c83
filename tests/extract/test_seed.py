"""The project's own seed pages produce the ten entries of the Launchpad template excerpt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.messages.pofile import read_po
from conftest import PROJECT, SEED, run_lore


@dataclass(frozen=True)
class SeedEntry:
    """One entry as the translation platform shows it."""

    msgid: str
    kind: str
    references: tuple[str, ...]


def read_seed() -> list[SeedEntry]:
    """Parse the excerpt: numbered blocks of msgid, type comment, and 'Located in' references."""
    text = SEED.read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"^\d+\.$", text, flags=re.M)[1:]:
        lines = [line.strip() for line in block.split("\n") if line.strip() not in ("", "|")]
        kind = next(line for line in lines if line.startswith("type: "))
        located = lines[lines.index("Located in") + 1]
        entries.append(SeedEntry(lines[0], kind[len("type: ") :], tuple(located.split())))
    return entries


def collapse(text: str) -> str:
    """Collapse runs of whitespace, as the platform's excerpt shows them."""
    return re.sub(r"\s+", " ", text).strip()


def extracted_entries(template_path) -> list[SeedEntry]:
    """Read a template back into (msgid, type, references) triples."""
    with open(template_path, "rb") as stream:
        catalog = read_po(stream)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        kind = next(c for c in message.auto_comments if c.startswith("type: "))[len("type: ") :]
        refs = tuple(f"{path}:{line}" for path, line in message.locations)
        entries.append(SeedEntry(collapse(message.id), kind, refs))
    return entries


def test_seed_excerpt_has_ten_entries():
    seed = read_seed()
    assert len(seed) == 10
    assert seed[0] == SeedEntry(
        "Overview of Twisted Internet",
        "Content of: <html><body><h1>",
        ("howto/internet-overview.xhtml:7", "howto/internet-overview.xhtml:10"),
    )


def test_seed_pages_produce_the_excerpt_exactly(tmp_path):
    out = tmp_path / "seed.pot"
    result = run_lore(
        "extract", "-o", str(out), "howto/internet-overview.xhtml", "howto/upgrading.xhtml",
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    seed = read_seed()
    # The pages go on after the seed's lines; the seed's entries come out in its order.
    wanted = {entry.msgid for entry in seed}
    assert [entry for entry in extracted_entries(out) if entry.msgid in wanted] == seed


def test_whole_corpus_keeps_the_seed_entries(tmp_path):
    out = tmp_path / "howto.pot"
    result = run_lore("extract", "-o", str(out), cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    got = {entry.msgid: entry for entry in extracted_entries(out)}
    for entry in read_seed():
        assert entry.msgid in got, entry.msgid
        assert got[entry.msgid].kind == entry.kind
        # Other pages may share a message (a link to the page, say): compare the seed's pages.
        pages = {reference.rsplit(":", 1)[0] for reference in entry.references}
        ours = [r for r in got[entry.msgid].references if r.rsplit(":", 1)[0] in pages]
        assert tuple(ours) == entry.references


def test_extract_rewrites_a_template_only_when_a_message_changes(tmp_path):
    page = tmp_path / "page.xhtml"
    page.write_text("<html><body><p>First text.</p></body></html>\n")
    out = tmp_path / "t.pot"
    assert run_lore("extract", "-o", str(out), "page.xhtml", cwd=tmp_path).returncode == 0
    dated = re.sub(r'POT-Creation-Date: [^\\"]*', "POT-Creation-Date: 1999-01-01 00:00+0000",
                   out.read_text())
    out.write_text(dated)
    assert run_lore("extract", "-o", str(out), "page.xhtml", cwd=tmp_path).returncode == 0
    assert out.read_text() == dated  # only the date would change: left alone, as po4a does
    page.write_text("<html><body><p>Second text.</p></body></html>\n")
    assert run_lore("extract", "-o", str(out), "page.xhtml", cwd=tmp_path).returncode == 0
    assert 'msgid "Second text."' in out.read_text()
    assert "1999-01-01" not in out.read_text()
