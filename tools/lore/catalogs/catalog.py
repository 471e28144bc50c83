"""Gettext catalogs: a plain data model, a strict reader, a GNU-style writer and msgmerge.

The reader keeps everything a translator wrote (comments, flags, previous msgids, obsolete
``#~`` entries) and the line of each entry, so that other commands can report
``po-file:line: message``. The writer lays entries out as GNU gettext does (width 79,
``no-wrap`` honoured), so that catalogs already maintained with msgmerge keep small diffs.
"""

from __future__ import annotations

import difflib
import re
import struct
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from lore.catalogs.plurals import plural_forms
from lore.files import write_atomic

WIDTH = 79
FUZZY_THRESHOLD = 0.6  # msgmerge's similarity threshold for a fuzzy match
_WORD = re.compile(r"\w+")


class CatalogError(Exception):
    """A malformed catalog: carries the file and the line of the problem."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line
        self.message = message


@dataclass
class Entry:
    """One catalog entry (the header is the entry whose msgid is empty)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the entry in its catalog: its context and msgid."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        """Whether the entry carries the ``fuzzy`` flag."""
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Whether every msgstr of the entry is non-empty."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def no_wrap(self) -> bool:
        """Whether the message keeps its line structure (``#, no-wrap``, po4a's ``<pre>``)."""
        return "no-wrap" in self.flags

    @property
    def kind(self) -> str:
        """The ``type:`` comment po4a writes, e.g. ``Content of: <html><body><p>``."""
        for comment in self.auto_comments:
            if comment.startswith("type: "):
                return comment[len("type: "):]
        return ""

    @property
    def is_attribute(self) -> bool:
        """Whether the message is the value of an attribute rather than element content."""
        return self.kind.startswith("Attribute ")

    @property
    def documents(self) -> list[str]:
        """The files named by the references, each once, in order."""
        return list(dict.fromkeys(ref.rpartition(":")[0] or ref for ref in self.references))

    def set_fuzzy(self, fuzzy: bool) -> None:
        """Add or remove the ``fuzzy`` flag (added first, as gettext writes it)."""
        if fuzzy and not self.fuzzy:
            self.flags.insert(0, "fuzzy")
        elif not fuzzy:
            self.flags = [flag for flag in self.flags if flag != "fuzzy"]


@dataclass
class Catalog:
    """A header entry and the entries of a catalog, obsolete ones included, in file order."""

    header: Entry = field(default_factory=lambda: Entry(""))
    entries: list[Entry] = field(default_factory=list)
    path: str = "<catalog>"

    @property
    def active(self) -> list[Entry]:
        """The entries that are not obsolete."""
        return [entry for entry in self.entries if not entry.obsolete]

    def header_fields(self) -> dict[str, str]:
        """The ``Name: value`` fields of the header msgstr."""
        fields = {}
        for line in self.header.msgstr.splitlines():
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip()] = value.strip()
        return fields

    def set_header_field(self, name: str, value: str) -> None:
        """Set one header field, in place if present, else at the end."""
        lines = self.header.msgstr.splitlines()
        for index, line in enumerate(lines):
            if line.partition(":")[0].strip() == name:
                lines[index] = f"{name}: {value}"
                break
        else:
            lines.append(f"{name}: {value}")
        self.header.msgstr = "".join(line + "\n" for line in lines)


# --- reading ---------------------------------------------------------------------------------

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)\s+(.*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"'}
_CONTROL_ESCAPES = {"\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f",
                    "\v": "\\v"}
_RARE_CONTROL = re.compile("[\t\r\a\b\f\v]")
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)", re.DOTALL)


def _unquote(text: str, path: str, line: int) -> str:
    """The value of one C-quoted PO string."""
    text = text.strip()
    inner = text[1:-1]
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise CatalogError(path, line, f"expected a quoted string, found {text!r}")
    if "\\" not in inner:
        if '"' in inner:
            raise CatalogError(path, line, f"expected a quoted string, found {text!r}")
        return inner  # the common case: nothing escaped
    unpaired = inner.replace("\\\\", "")
    if unpaired.endswith("\\") or '"' in unpaired.replace('\\"', ""):
        raise CatalogError(path, line, f"expected a quoted string, found {text!r}")

    def escape(found: re.Match[str]) -> str:
        code = found.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        if code[0] in "01234567":
            return chr(int(code, 8))
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        raise CatalogError(path, line, f"invalid escape sequence \\{code}")

    return _ESCAPE.sub(escape, inner)


class _Reader:
    """The state machine that turns PO lines into entries."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.catalog = Catalog(path=path)
        self.seen: dict[tuple[str | None, str], int] = {}
        self.entry: Entry | None = None
        self.field: str | None = None  # the keyword that continuation lines extend
        self.has_msgid = False
        self.has_msgstr = False

    def current(self, lineno: int) -> Entry:
        """The entry being read, started on first need."""
        if self.entry is None:
            self.entry = Entry("", line=lineno)
            self.field = None
            self.has_msgid = self.has_msgstr = False
        return self.entry

    def finish(self, lineno: int) -> None:
        """Close the entry being read, checking that it is complete."""
        entry = self.entry
        if entry is None:
            return
        self.entry = None
        if not self.has_msgid and not self.has_msgstr and self.field is None:
            return  # a comment block with no message: gettext ignores it too
        if not self.has_msgstr:
            raise CatalogError(self.path, entry.line, "message without msgstr")
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            if self.catalog.entries or self.catalog.header.line:
                raise CatalogError(self.path, entry.line, "header entry not first")
            self.catalog.header = entry
            return
        if not entry.obsolete:
            if entry.key in self.seen:
                raise CatalogError(self.path, entry.line,
                                   f"duplicate message (first at line {self.seen[entry.key]})")
            self.seen[entry.key] = entry.line
        self.catalog.entries.append(entry)

    def comment(self, lineno: int, line: str) -> None:
        """Read one ``#`` line."""
        if self.has_msgstr:
            self.finish(lineno)
        entry = self.current(lineno)
        mark, text = line[:2], line[2:].strip("\n")
        if mark == "#.":
            entry.auto_comments.append(text[1:] if text.startswith(" ") else text)
        elif mark == "#:":
            entry.references.extend(text.split())
        elif mark == "#,":
            entry.flags.extend(f.strip() for f in text.split(",") if f.strip())
        elif mark == "#|":
            self.previous(lineno, text.strip(), entry)
        else:
            entry.translator_comments.append(line[2:] if line.startswith("# ") else line[1:])

    def previous(self, lineno: int, text: str, entry: Entry) -> None:
        """Read a ``#|`` line: the msgid a fuzzy entry had before."""
        found = _KEYWORD.match(text)
        if found and found.group(1) in ("msgctxt", "msgid"):
            value = _unquote(found.group(3), self.path, lineno)
            self.field = "previous_" + found.group(1)
            setattr(entry, self.field, value)
        elif found and found.group(1) == "msgid_plural":
            self.field = "previous_plural"  # read and dropped, as the model keeps one msgid
        elif text.startswith('"') and self.field and self.field.startswith("previous_"):
            value = _unquote(text, self.path, lineno)
            if self.field != "previous_plural":
                setattr(entry, self.field, getattr(entry, self.field) + value)
        else:
            raise CatalogError(self.path, lineno, f"malformed '#|' line: {text!r}")

    def keyword(self, lineno: int, text: str, obsolete: bool) -> None:
        """Read a line that starts with a keyword or a continuation string."""
        if text.startswith('"'):
            self.continuation(lineno, text)
            return
        found = _KEYWORD.match(text)
        if found is None:
            raise CatalogError(self.path, lineno, f"unknown keyword in {text.strip()!r}")
        name, index, rest = found.groups()
        if name in ("msgctxt", "msgid") and (self.has_msgstr or self.has_msgid):
            self.finish(lineno)
        entry = self.current(lineno)
        if name.startswith("msgstr") and not self.has_msgid:
            raise CatalogError(self.path, lineno, f"{name} without msgid")
        entry.obsolete = obsolete
        value = _unquote(rest, self.path, lineno)
        if name == "msgctxt":
            entry.msgctxt, entry.line = value, lineno
        elif name == "msgid":
            if entry.msgctxt is None:
                entry.line = lineno
            entry.msgid = value
            self.has_msgid = True
        elif name == "msgid_plural":
            entry.msgid_plural = value
        elif index is not None:
            if entry.msgid_plural is None:
                raise CatalogError(self.path, lineno, "msgstr[N] without msgid_plural")
            entry.msgstr_plural[int(index)] = value
            self.has_msgstr = True
        else:
            if entry.msgid_plural is not None:
                raise CatalogError(self.path, lineno, "plural message needs msgstr[N]")
            entry.msgstr = value
            self.has_msgstr = True
        self.field = name if index is None else f"msgstr[{index}]"

    def continuation(self, lineno: int, text: str) -> None:
        """Append a continuation string to the keyword being read."""
        entry = self.entry
        if entry is None or self.field is None or self.field.startswith("previous_"):
            raise CatalogError(self.path, lineno, "string without a keyword before it")
        value = _unquote(text, self.path, lineno)
        if self.field.startswith("msgstr["):
            index = int(self.field[7:-1])
            entry.msgstr_plural[index] += value
        else:
            setattr(entry, self.field, getattr(entry, self.field) + value)


def parse(text: str, path: str = "<catalog>") -> Catalog:
    """Parse the text of a PO file; raise CatalogError on the first malformed line."""
    reader = _Reader(path)
    lines = text.replace("\r\n", "\n").split("\n")  # not splitlines: U+2028 is no line end
    if lines[-1] == "":
        lines.pop()
    for lineno, line in enumerate(lines, 1):
        if line[:1] == '"':  # most lines: the continuation of a string
            reader.continuation(lineno, line)
            continue
        stripped = line.strip()
        if not stripped:
            reader.finish(lineno)
        elif stripped[0] != "#":
            reader.keyword(lineno, stripped, obsolete=False)
        elif stripped[1:2] != "~":
            reader.comment(lineno, line.lstrip())
        else:
            body = stripped[2:].lstrip()
            if body[:1] == "|":
                reader.comment(lineno, "#|" + body[1:])
            elif body:
                reader.keyword(lineno, body, obsolete=True)
    reader.finish(len(lines) + 1)
    return reader.catalog


def read(path: str | Path) -> Catalog:
    """Read and parse a PO file (UTF-8); raise CatalogError with file and line when malformed."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CatalogError(path, 0, error.strerror or str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(path, line, "not UTF-8") from None
    return parse(text.removeprefix("\ufeff"), str(path))


# --- writing ---------------------------------------------------------------------------------

def _escape(text: str) -> str:
    """C-escape a string for the inside of PO quotes."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if _RARE_CONTROL.search(text):
        text = _RARE_CONTROL.sub(lambda m: _CONTROL_ESCAPES[m.group(0)], text)
    return text


def _chunks(escaped: str, width: int) -> list[str]:
    """Split an escaped line into pieces of at most ``width`` columns, after spaces."""
    pieces: list[str] = []
    while len(escaped) > width:
        cut = escaped.rfind(" ", 0, width)
        if cut < 0:
            cut = escaped.find(" ", width)
            if cut < 0:
                break
        pieces.append(escaped[: cut + 1])
        escaped = escaped[cut + 1:]
    pieces.append(escaped)
    return pieces


def _field(keyword: str, value: str, wrap: bool, prefix: str = "") -> list[str]:
    """The lines of one keyword and its string, wrapped as GNU gettext does."""
    lines = value.split("\n")
    parts = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    head = f"{prefix}{keyword} "
    single = f'{head}"{_escape(value)}"'
    if len(parts) <= 1 and (not wrap or len(single) <= WIDTH):
        return [single]
    out = [f'{head}""']
    for part in parts:
        escaped = _escape(part)
        pieces = _chunks(escaped, WIDTH - 2 - len(prefix)) if wrap else [escaped]
        out.extend(f'{prefix}"{piece}"' for piece in pieces)
    return out


def _references(refs: list[str]) -> list[str]:
    """``#:`` lines holding the references, filled up to the width."""
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if len(current) + 1 + len(ref) > WIDTH and current != "#:":
            lines.append(current)
            current = "#:"
        current += " " + ref
    if current != "#:":
        lines.append(current)
    return lines


def _entry_lines(entry: Entry) -> list[str]:
    """The lines of one entry, without the blank line that separates entries."""
    out = [f"# {c}" if c else "#" for c in entry.translator_comments]
    if not entry.obsolete:
        out += [f"#. {c}" for c in entry.auto_comments]
        out += _references(entry.references)
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    wrap = not entry.no_wrap
    prefix = "#~ " if entry.obsolete else ""
    for keyword in ("msgctxt", "msgid"):
        value = getattr(entry, f"previous_{keyword}")
        if value is not None:
            out += _field(keyword, value, wrap, prefix=prefix + "#| ")
    if entry.msgctxt is not None:
        out += _field("msgctxt", entry.msgctxt, wrap, prefix)
    out += _field("msgid", entry.msgid, wrap, prefix)
    if entry.msgid_plural is not None:
        out += _field("msgid_plural", entry.msgid_plural, wrap, prefix)
        for index in sorted(entry.msgstr_plural):
            out += _field(f"msgstr[{index}]", entry.msgstr_plural[index], wrap, prefix)
    else:
        out += _field("msgstr", entry.msgstr, wrap, prefix)
    return out


def dump(catalog: Catalog) -> str:
    """The text of a catalog in GNU gettext's layout."""
    blocks = ["\n".join(_entry_lines(catalog.header))]
    blocks += ["\n".join(_entry_lines(entry)) for entry in catalog.entries]
    return "\n\n".join(blocks) + "\n"


def write(catalog: Catalog, path: str | Path | None = None) -> bool:
    """Write the catalog atomically to ``path`` (default: where it was read); True if changed."""
    target = Path(path if path is not None else catalog.path)
    data = dump(catalog).encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return False
    write_atomic(target, data)
    return True


# --- merging ---------------------------------------------------------------------------------

class FuzzyIndex:
    """Finds, for a new msgid, the most similar old translated msgid (difflib ratio).

    Comparing every new message with every old one is quadratic in long strings; as msgmerge
    does, an index narrows the comparison to the few old messages sharing the most words.
    """

    SHORTLIST = 8

    def __init__(self, candidates: list[Entry]) -> None:
        self.candidates = candidates
        self.words = [_words(entry.msgid) for entry in candidates]
        self.postings: dict[str, list[int]] = {}
        for number, words in enumerate(self.words):
            for word in words:
                self.postings.setdefault(word, []).append(number)

    def shortlist(self, msgid: str) -> list[Entry]:
        """The candidates sharing the largest share of words with ``msgid``."""
        words = _words(msgid)
        if not words:
            return self.candidates
        shared: Counter[int] = Counter()
        for word in words:
            shared.update(self.postings.get(word, ()))
        dice = {n: 2 * count / (len(words) + len(self.words[n])) for n, count in shared.items()}
        ranked = sorted(dice, key=lambda n: (-dice[n], n))[: self.SHORTLIST]
        return [self.candidates[n] for n in ranked]

    def best(self, msgid: str) -> Entry | None:
        """The candidate most similar to ``msgid`` at or above the threshold, if any."""
        found = self.match(msgid)
        return found[0] if found else None

    def match(self, msgid: str) -> tuple[Entry, float] | None:
        """The most similar candidate at or above the threshold and its similarity, if any."""
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)
        best, best_ratio = None, FUZZY_THRESHOLD
        for entry in self.shortlist(msgid):
            total = len(entry.msgid) + len(msgid)
            if total == 0 or 2 * min(len(entry.msgid), len(msgid)) / total < best_ratio:
                continue
            matcher.set_seq1(entry.msgid)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = entry, ratio
        return None if best is None else (best, best_ratio)


def _words(text: str) -> set[str]:
    """The distinct words of a message, lower-cased, markup names included."""
    return set(_WORD.findall(text.lower()))


def _carry(new: Entry, old: Entry, fuzzy: bool) -> Entry:
    """The template entry ``new`` with the translation, comments and flags of ``old``."""
    flags = ["fuzzy"] if fuzzy else []
    flags += [f for f in new.flags if f != "fuzzy"]
    flags += [f for f in old.flags if f not in flags and f != "fuzzy"]
    merged = replace(new, msgstr=old.msgstr, msgstr_plural=dict(old.msgstr_plural),
                     translator_comments=list(old.translator_comments), flags=flags,
                     auto_comments=list(new.auto_comments), references=list(new.references),
                     obsolete=False, line=0, previous_msgctxt=None, previous_msgid=None)
    if fuzzy and old.key != new.key:
        merged.previous_msgctxt, merged.previous_msgid = old.msgctxt, old.msgid
    elif fuzzy:
        merged.previous_msgctxt, merged.previous_msgid = old.previous_msgctxt, old.previous_msgid
    if new.msgid_plural is None:
        merged.msgstr_plural = {}
        if old.msgid_plural is not None:
            merged.msgstr = old.msgstr_plural.get(0, "")
            merged.set_fuzzy(True)
    return merged


def _fresh(template_entry: Entry) -> Entry:
    """An untranslated copy of a template entry."""
    flags = [f for f in template_entry.flags if f != "fuzzy"]
    plural = {0: "", 1: ""} if template_entry.msgid_plural is not None else {}
    return replace(template_entry, msgstr="", msgstr_plural=plural, flags=flags, line=0,
                   translator_comments=[], auto_comments=list(template_entry.auto_comments),
                   references=list(template_entry.references), obsolete=False)


def merge(catalog: Catalog, template: Catalog, fuzzy_matching: bool = True) -> Catalog:
    """Merge ``template`` into ``catalog`` with msgmerge's semantics; return the new catalog.

    Exact matches (active or obsolete) keep their translation, translator comments and flags;
    a new message takes the translation of the most similar unmatched old one as ``fuzzy``
    (with ``#|`` the old msgid); translated old messages nothing matched become obsolete.
    """
    active = {e.key: e for e in catalog.entries if not e.obsolete}
    obsolete = {e.key: e for e in catalog.entries if e.obsolete}
    keys = {e.key for e in template.active}
    unmatched = [e for e in catalog.entries
                 if e.key not in keys and e.translated and e.msgid_plural is None]
    index = FuzzyIndex(unmatched) if fuzzy_matching else None
    used: set[tuple[str | None, str]] = set()
    entries: list[Entry] = []
    for new in template.active:
        old = active.get(new.key) or obsolete.get(new.key)
        if old is not None:
            entries.append(_carry(new, old, fuzzy=old.fuzzy))
            used.add(old.key)
            continue
        similar = index.best(new.msgid) if index and new.msgid_plural is None else None
        if similar is not None:
            entries.append(_carry(new, similar, fuzzy=True))
            used.add(similar.key)
        else:
            entries.append(_fresh(new))
    for old in [e for e in catalog.entries if e.obsolete] + list(active.values()):
        if old.key not in used and old.translated:
            entries.append(replace(old, obsolete=True, auto_comments=[], references=[]))
            used.add(old.key)
    header = replace(catalog.header, flags=list(catalog.header.flags),
                     translator_comments=list(catalog.header.translator_comments))
    merged = Catalog(header=header, entries=entries, path=catalog.path)
    created = template.header_fields().get("POT-Creation-Date")
    if created is not None:
        merged.set_header_field("POT-Creation-Date", created)
    return merged


# --- new catalogs and compiled catalogs ------------------------------------------------------

def language_name(lang: str) -> str:
    """The English name of a language from Babel's locale data, or the code itself."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_")).english_name or lang
    except (UnknownLocaleError, ValueError):
        return lang


def initial(template: Catalog, lang: str, revision_date: str, path: str) -> Catalog:
    """A new, untranslated catalog of ``lang`` for ``template``, with its headers filled in."""
    fields = template.header_fields()
    name = language_name(lang)
    header = Entry("", translator_comments=[
        f"{name} translation of the documents in {template.path}.",
        "This file is distributed under the same license as those documents.",
    ])
    catalog = Catalog(header=header, entries=[_fresh(e) for e in template.active], path=path)
    for field_name, value in (
        ("Project-Id-Version", fields.get("Project-Id-Version", "PACKAGE VERSION")),
        ("Report-Msgid-Bugs-To", fields.get("Report-Msgid-Bugs-To", "")),
        ("POT-Creation-Date", fields.get("POT-Creation-Date", revision_date)),
        ("PO-Revision-Date", revision_date),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", f"{name} <LL@li.org>"),
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(lang)),
    ):
        if value is not None:
            catalog.set_header_field(field_name, value)
    return catalog


def mo_bytes(header: str, entries: list[Entry]) -> bytes:
    """A GNU ``.mo`` file (little-endian, no hash table) holding the header and ``entries``."""
    pairs = {"": header}
    for entry in entries:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
            pairs[key] = "\0".join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            pairs[key] = entry.msgstr
    keys = sorted(pairs, key=lambda k: k.encode("utf-8"))
    ids = [k.encode("utf-8") for k in keys]
    strs = [pairs[k].encode("utf-8") for k in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    offsets: list[int] = []
    blob = bytearray()
    for data in ids + strs:
        offsets += [len(data), start + len(blob)]
        blob += data + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, start)
    return head + struct.pack(f"<{4 * count}I", *offsets) + bytes(blob)
