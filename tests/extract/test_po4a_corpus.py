"""lore's templates of the real twisted-core documents equal po4a 0.69's, entry by entry and byte
by byte (``../shared/corpus/twisted-core/expected`` was made with Debian's po4a)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import CORPUS, run_lore, without_date

pytestmark = pytest.mark.shared("corpus/twisted-core")

DOCUMENTS = sorted(
    (str(p.relative_to(CORPUS)) for p in (CORPUS / "howto").rglob("*.xhtml")),
    key=lambda p: p.encode(),
)


def entries(template: str) -> dict[str, tuple]:
    """Everything a catalog keys on, per msgid: references, flags, extracted comments."""
    catalog = read_po(io.StringIO(template))
    return {
        message.id: (tuple(message.locations), tuple(sorted(message.flags)),
                     tuple(message.auto_comments))
        for message in catalog
        if message.id
    }


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("merged") / "howto.pot"
    result = run_lore("extract", "-o", str(out), "howto", cwd=CORPUS)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_corpus_is_the_expected_size():
    assert len(DOCUMENTS) == 58


def test_every_entry_equals_po4a(merged):
    expected = entries((CORPUS / "expected" / "po4a-0.69.pot").read_text(encoding="utf-8"))
    got = entries(merged)
    assert len(expected) == 2470
    identical = [msgid for msgid, value in expected.items() if got.get(msgid) == value]
    assert len(identical) == 2470
    assert list(got) == list(expected)  # the same order


def test_merged_template_is_byte_identical(merged):
    expected = (CORPUS / "expected" / "po4a-0.69.pot").read_text(encoding="utf-8")
    assert without_date(merged) == without_date(expected)


@pytest.fixture(scope="module")
def per_file(tmp_path_factory) -> Path:
    """Extract each document alone, in one process (as many templates as documents)."""
    out = tmp_path_factory.mktemp("per-file")
    from lore import files
    from lore.catalogs import extract, potfile

    cwd = os.getcwd()
    os.chdir(CORPUS)
    try:
        for document in DOCUMENTS:
            documents = extract.document_segments([document])
            target = out / (document[: -len(".xhtml")] + ".pot")
            text = potfile.format_template(extract.collect(documents))
            files.write_atomic(target, text.encode("utf-8"), durable=False)
    finally:
        os.chdir(cwd)
    return out


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_file_is_byte_identical(per_file, document):
    name = document[: -len(".xhtml")] + ".pot"
    expected = (CORPUS / "expected" / "per-file" / name).read_text(encoding="utf-8")
    assert without_date((per_file / name).read_text(encoding="utf-8")) == without_date(expected)
