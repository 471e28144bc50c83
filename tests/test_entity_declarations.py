"""Entity declarations, however a DOCTYPE hides them, are refused by every reader of pages.

Extraction, translation, the site's reader, the example runner and `lore lint` all read a
page through `lore.xhtml` (lint parses its text itself); each is tried here with each way of
hiding a declaration from a pattern.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lore import xhtml
from lore.examples.page import read_page
from lore.site.sphinx import reader

BODY = '<html xmlns="http://www.w3.org/1999/xhtml"><body>\n<p>x &a; y</p>\n</body></html>\n'
STOLEN = "file:///etc/hostname"

# name: (DOCTYPE line, where the error is: line:column)
HIDDEN = {
    "in-entity-value": (f'<!DOCTYPE html [<!ENTITY z "]>"><!ENTITY a SYSTEM "{STOLEN}">]>', "2:17"),
    "in-comment": (f'<!DOCTYPE html [<!-- ]> --><!ENTITY a SYSTEM "{STOLEN}">]>', "2:28"),
    "in-processing-instruction": (
        f'<!DOCTYPE html [<?pi ]> ?><!ENTITY a SYSTEM "{STOLEN}">]>', "2:27"),
    "in-single-quotes": (f"<!DOCTYPE html [<!ENTITY z ']>'><!ENTITY a SYSTEM '{STOLEN}'>]>",
                         "2:17"),
    # Declared and used in the page itself: a parser that allowed it would expand it.
    "internal-entity": ('<!DOCTYPE html [<!ENTITY a "inline">]>', "2:17"),
    "parameter-entity": ('<!DOCTYPE html [<!ENTITY % p SYSTEM "evil.dtd"> %p;]>', "2:17"),
    "parameter-reference": ("<!DOCTYPE html [ %p; ]>", "2:16"),
    "comment-only-subset": ("<!DOCTYPE html [<!-- ]> -->]>", "2:16"),
    # The external subset declares &a; as the secret; it must not be read, so &a; is undefined.
    "external-subset": ('<!DOCTYPE html SYSTEM "evil.dtd">', "4:6"),
}
SECRET = "SECRET-FROM-THE-DTD"


def hostile_page(folder: Path, name: str) -> Path:
    """Write the page ``name`` of HIDDEN and, beside it, the DTD its declarations point to."""
    (folder / "evil.dtd").write_text(f'<!ENTITY a "{SECRET}">\n<!ENTITY % p "">\n')
    page = folder / f"{name}.xhtml"
    page.write_text(f'<?xml version="1.0"?>\n{HIDDEN[name][0]}\n{BODY}', encoding="utf-8")
    return page


def run_lore(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lore", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", HIDDEN)
def test_extract_refuses_it_and_writes_nothing(tmp_path, name):
    hostile_page(tmp_path, name)
    result = run_lore("extract", "-o", "out.pot", f"{name}.xhtml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{name}.xhtml:{HIDDEN[name][1]}: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.pot").exists()


@pytest.mark.parametrize("name", HIDDEN)
def test_translate_refuses_it_and_writes_nothing(tmp_path, name):
    hostile_page(tmp_path, name)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    (tmp_path / "fr.po").write_text(header, encoding="utf-8")
    result = run_lore("translate", "--lang", "fr", "--catalog", "fr.po", "-o", "out",
                      f"{name}.xhtml", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{name}.xhtml:{HIDDEN[name][1]}: " in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", HIDDEN)
def test_the_site_reader_refuses_it(tmp_path, name):
    page = hostile_page(tmp_path, name)
    with pytest.raises(xhtml.XHTMLError) as raised:
        reader.parse(page.read_bytes(), str(page))
    assert str(raised.value).startswith(f"{page}:{HIDDEN[name][1]}: ")


@pytest.mark.parametrize("name", HIDDEN)
def test_the_example_runner_refuses_it(tmp_path, name):
    page = hostile_page(tmp_path, name)
    with pytest.raises(xhtml.XHTMLError) as raised:
        read_page(page)
    assert str(raised.value).startswith(f"{page}:{HIDDEN[name][1]}: ")


@pytest.mark.parametrize("name", HIDDEN)
def test_lint_refuses_it_as_an_unreadable_page(tmp_path, name):
    hostile_page(tmp_path, name)
    result = run_lore("lint", f"{name}.xhtml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{name}.xhtml:{HIDDEN[name][1]}: L000 "), result.stdout
    assert SECRET not in result.stdout
    assert "Traceback" not in result.stderr


def test_the_example_runner_reports_it_as_a_collection_error(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "howto").mkdir()
    hostile_page(tmp_path / "howto", "in-comment")
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "howto"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "howto/in-comment.xhtml:2:28: external entity declared" in result.stdout


def test_a_fifo_dtd_is_never_opened(tmp_path):
    # Opening a FIFO with no writer blocks: a reader that fetched the DTD would hang here.
    page = tmp_path / "page.xhtml"
    page.write_text('<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "fifo.dtd">\n'
                    '<html><body><p>fine</p></body></html>\n')
    os.mkfifo(tmp_path / "fifo.dtd")
    result = run_lore("extract", "-o", "out.pot", "page.xhtml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    linted = run_lore("lint", "page.xhtml", cwd=tmp_path)
    assert " L000 " not in linted.stdout and "Traceback" not in linted.stderr, linted.stdout
    assert read_page(page).path == page
    assert reader.parse(page.read_bytes(), str(page)) is not None
