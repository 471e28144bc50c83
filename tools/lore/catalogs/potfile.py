"""Writing a gettext template laid out byte for byte as po4a 0.69 writes one."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

WRAP_COLUMN = 76

HEADER_COMMENT = """\
# SOME DESCRIPTIVE TITLE
# Copyright (C) YEAR Free Software Foundation, Inc.
# This file is distributed under the same license as the PACKAGE package.
# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
#
#, fuzzy
"""

HEADER_FIELDS = """\
Project-Id-Version: PACKAGE VERSION
POT-Creation-Date: {date}
PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE
Last-Translator: FULL NAME <EMAIL@ADDRESS>
Language-Team: LANGUAGE <LL@li.org>
Language: \nMIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit
"""


class TemplateEntry:
    """One message of a template: its text, where it occurs, and its comments and flags."""

    __slots__ = ("msgid", "kind", "references", "flags", "comments")

    def __init__(self, msgid: str, kind: str) -> None:
        self.msgid = msgid
        self.kind = kind
        self.references: list[str] = []
        self.flags: set[str] = set()
        self.comments: str | None = None

    def __repr__(self) -> str:
        return f"TemplateEntry({self.msgid!r}, {self.kind!r}, references={self.references!r})"


def creation_date(now: float | None = None) -> str:
    """Return a ``POT-Creation-Date`` value for ``now`` (default: the current time)."""
    return time.strftime("%Y-%m-%d %H:%M%z", time.localtime(now))


def escape(text: str) -> str:
    """Escape ``text`` for a PO string."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _perl_split_lines(text: str) -> list[str]:
    """Split on newlines dropping trailing empty fields, as Perl's ``split /\\n/`` does."""
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


_WHITESPACE = " \t\n\r\f\v"


def wrap(text: str, column: int = WRAP_COLUMN) -> str:
    """Break ``text`` into lines of at most ``column`` characters where po4a breaks them."""
    if len(text) <= column or all(len(line) <= column for line in text.split("\n")):
        return text  # what the loop below gives back when no line needs breaking
    out: list[str] = []
    for line in _perl_split_lines(text):
        out += _break_line(line, column)
    result = "\n".join(out).rstrip(_WHITESPACE)
    trailing = len(text) - len(text.rstrip(_WHITESPACE))
    if trailing:
        result += text[-trailing:]
    return result


def _break_line(line: str, column: int) -> list[str]:
    """Cut one line of text into pieces of at most ``column`` characters, where po4a cuts."""
    pieces = []
    start, end = 0, len(line)
    while end - start > column:
        # The last space at or before the column (Perl's rindex(line, " ", column)).
        pos = line.rfind(" ", start, start + column + 1)
        # Never break right after a period: "e.g. foo" stays together. (At the very start,
        # Perl's substr at -1 looks at the line's last character.)
        while pos != -1 and line[pos - 1 if pos > start else end - 1] == ".":
            pos = line.rfind(" ", start, pos)
        if pos == -1:
            pos = line.find(" ", start)
            if pos == -1:
                break
        cut = pos + 1
        while cut < end and line[cut] == " ":
            cut += 1  # the spaces after the break stay at the end of the piece
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


_ESCAPE_PAIR = re.compile(r"\\.")


def _newline_after_escape(match: re.Match[str]) -> str:
    return match.group() + "\n" if match.group() == "\\n" else match.group()


def _break_escaped_newlines(escaped: str) -> str:
    """Start a new line after every ``\\n`` escape (not after an escaped backslash)."""
    if "\\n" not in escaped:
        return escaped
    return _ESCAPE_PAIR.sub(_newline_after_escape, escaped)


def quote(escaped: str, column: int = WRAP_COLUMN) -> str:
    """Return an escaped PO string as one or more quoted lines."""
    if not escaped:
        return '""'
    lines = _perl_split_lines(wrap(_break_escaped_newlines(escaped), column))
    quoted = '"' + '"\n"'.join(lines) + '"'
    if len(lines) > 1 and lines[0] != "":
        quoted = '""\n' + quoted
    return quoted


def comment_lines(text: str, marker: str) -> str:
    """Return ``text`` as comment lines starting with ``#`` and ``marker``."""
    if text and "\n" not in text:  # one line, the common case
        return f"#{marker}{text}\n"
    result = "#" + marker + text.replace("\n", "\n#" + marker)
    lines = result.split("\n")
    if "#" + marker in lines:  # an empty line of text: po4a writes a bare "#"
        result = "\n".join("#" if line == "#" + marker else line for line in lines)
    return result + "\n"


_TRAILING_BLANKS = re.compile(r"[ \t\r\f\v]+$", re.M)


def format_entry(entry: TemplateEntry) -> str:
    """Return the text of one template entry, comments first."""
    out = []
    if entry.comments:
        # po4a splits XML comments on a literal backslash-n, not on line ends.
        pieces = entry.comments.split("\\n")
        while pieces and pieces[-1] == "":
            pieces.pop()
        out.extend(comment_lines(piece, ". ") for piece in pieces)
    out.append(comment_lines(entry.kind, ". type: "))
    if entry.references:
        refs = wrap(" ".join(entry.references))
        if "\n" in refs:  # wrap leaves the space it broke at on each line; po4a does not
            refs = _TRAILING_BLANKS.sub("", refs)
        out.append(comment_lines(refs, ": "))
    if entry.flags:
        out.append("#, " + ", ".join(sorted(entry.flags)) + "\n")
    out.append("msgid " + quote(escape(entry.msgid)) + "\n")
    out.append('msgstr ""\n')
    return "".join(out)


def format_template(entries: Iterable[TemplateEntry], date: str | None = None) -> str:
    """Return a whole template: po4a's header, then every entry separated by a blank line."""
    header = HEADER_FIELDS.format(date=date or creation_date())
    head = HEADER_COMMENT + 'msgid ""\nmsgstr ' + quote(escape(header)) + "\n"
    return "\n".join([head, *(format_entry(entry) for entry in entries)])
