"""Warnings of a translated build name the line of the source document, in every language."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from lore.catalogs import catalog as po
from lore.site.sphinx.reader import local_name, parse

# A page whose French translation removes lines (the first paragraph), adds lines (the
# second and the third) and reorders elements (the fourth); warnings come from elements
# inside the changed messages and from elements after them.
PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
  <head><title>Line numbers</title></head>
  <body>
    <h1>Line numbers</h1>
    <p>A paragraph written
      over three lines
      of source.</p>
    <p>A short paragraph.</p>
    <p>Before <span class="odd-one">a
      strange</span> span.</p>
    <p>First a <em>stress</em>,
      then an <span class="odd-two">oddity</span>.</p>
    <div class="odd-three">After the messages.</div>
  </body>
</html>
"""
EXPECTED = {  # the source line of each warning, counted by hand in PAGE
    "unknown <span class='odd-one'>": 12,
    "unknown <span class='odd-two'>": 15,
    "<div> with class 'odd-three'": 16,
}
FRENCH = {
    "Line numbers": "Numéros de ligne",
    "A paragraph written over three lines of source.": "Un paragraphe sur une ligne.",
    "A short paragraph.": "Un paragraphe\ncourt,\nsur\nquatre lignes.",
    'Before <span class="odd-one">a strange</span> span.':
        'Avant\nune\n<span class="odd-one">étrange\nbalise</span> ici.',
    'First a <em>stress</em>, then an <span class="odd-two">oddity</span>.':
        'D\'abord une <span class="odd-two">bizarrerie</span>,\nensuite un <em>accent</em>.',
    "After the messages.": "Après\nles\nmessages.",
}


def lore(root, *args: str) -> None:
    """Run a lore sub-command in ``root``."""
    subprocess.run([sys.executable, "-m", "lore", *args], cwd=root, check=True,
                   capture_output=True, text=True)


def warning_lines(stderr: str) -> dict[str, int]:
    """The line each expected warning about the page names."""
    found = {}
    for line in stderr.splitlines():
        match = re.search(r"howto/lines\.xhtml:(\d+): WARNING: (.*)", line)
        for start in EXPECTED:
            if match and match.group(2).startswith(start):
                found[start] = int(match.group(1))
    return found


@pytest.fixture
def project_with_lines(new_project):
    """The fixture project with the page above, its French translation and the qps catalog."""
    (new_project / "howto" / "lines.xhtml").write_text(PAGE, encoding="utf-8")
    lore(new_project, "extract")
    lore(new_project, "update", "--lang", "fr")
    path = new_project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog = po.read(path)
    for entry in catalog.entries:
        entry.msgstr = FRENCH.get(entry.msgid, entry.msgstr)
    po.write(catalog)
    lore(new_project, "check", "--lang", "fr")  # the translation is applied, not refused
    lore(new_project, "pseudo", "qps")
    return new_project


@pytest.mark.parametrize("language", ["en", "fr", "qps"])
def test_warnings_name_the_source_line(project_with_lines, build_language, language):
    done = build_language(project_with_lines, language)
    assert done.returncode == 0, done.stderr
    assert warning_lines(done.stderr) == EXPECTED
    built = (project_with_lines / "_build" / "html" / language / "howto" / "lines.html")
    text = built.read_text(encoding="utf-8")
    assert {"en": "over three lines", "fr": "Un paragraphe sur une ligne",
            "qps": "[Á þáŕáğŕáþĥ ŵŕíŧŧéñ"}[language] in text


def test_an_element_without_a_source_counterpart_takes_the_line_before_it():
    source = "<html>\n<body>\n<p>one</p>\n<p>two</p>\n</body>\n</html>"
    translated = "<html><body><p>un</p><p>deux <em>trois</em></p></body></html>"
    root = parse(translated, "page.xhtml", original=source)
    assert [(local_name(e), e.sourceline) for e in root.iter()] == [
        ("html", 1), ("body", 2), ("p", 3), ("p", 4), ("em", 4)]
