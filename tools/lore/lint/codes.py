"""The codes of ``lore lint``'s findings, one per check, and what each one means."""

from __future__ import annotations

#: Code -> what a finding of that code says is wrong. L0xx are Twisted Lore's checks (and the
#: page that cannot be read), L1xx the checks lore adds.
CODES: dict[str, str] = {
    "L000": "the page cannot be read: not UTF-8, not well-formed, or declares entities",
    "L001": "an element outside Lore's vocabulary",
    "L002": "a class outside Lore's vocabulary for its element",
    "L003": 'a straight double quote (") in text outside <pre> and <code>',
    "L004": "a style attribute",
    "L005": "an align attribute",
    "L006": "a <style> element with content",
    "L007": "not exactly one <title> and one <h1>, or their texts differ",
    "L008": "a <pre> line wider than 80 columns",
    "L009": "a listing line wider than 80 columns (reported in the listing)",
    "L010": "a listing link to a file that does not exist or is outside the project",
    "L011": '<pre class="python"> that does not compile on Python 3',
    "L012": "an <a> inside a heading",
    "L013": "a link text that is a URL other than the link's href",
    "L014": "a list (<ul>, <ol>) holding something other than <li>",
    "L101": "a py-listing file that does not compile on Python 3 (reported in the listing)",
    "L102": "a link to a page or file that does not exist or is outside the project",
    "L103": "an API reference that names nothing in the package the corpus documents",
}
#: Always reported, whatever --select and --ignore say: nothing else can be checked then.
UNREADABLE = "L000"


def matches(code: str, prefixes: list[str]) -> bool:
    """Tell whether ``code`` starts with one of ``prefixes`` (``ALL`` matches every code)."""
    return any(prefix == "ALL" or code.startswith(prefix) for prefix in prefixes)


def selected(select: list[str], ignore: list[str]) -> frozenset[str]:
    """The codes ``--select`` (default: all) keeps and ``--ignore`` does not drop."""
    return frozenset(code for code in CODES
                     if code == UNREADABLE
                     or (matches(code, select or ["ALL"]) and not matches(code, ignore)))
