"""Shared helpers of the catalog tests: test data, running lore, comparing documents."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lore import xhtml
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT.parent / "shared" / "corpus" / "twisted-core"
CORPUS_TEMPLATE = CORPUS / "expected" / "po4a-0.69.pot"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run_lore(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``lore`` command line in ``cwd`` and return what it did."""
    return subprocess.run([sys.executable, "-m", "lore", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def corpus_documents() -> list[str]:
    """The corpus documents, relative to the corpus folder, in LC_ALL=C order."""
    found = (str(p.relative_to(CORPUS)) for p in (CORPUS / "howto").rglob("*.xhtml"))
    return sorted(found, key=lambda p: p.encode())


def _in_pre(element: etree._Element) -> bool:
    return any(etree.QName(e).localname == "pre"
               for e in [element, *element.iterancestors()] if isinstance(e.tag, str))


def canonical(text: str, path: str = "<doc>") -> bytes:
    """C14N of a document, whitespace runs collapsed outside ``pre``, root language dropped."""
    root = xhtml.parse_tree(text, path)
    for name in ("lang", XML_LANG):
        root.attrib.pop(name, None)
    for element in root.iter():
        if element.text and isinstance(element.tag, str) and not _in_pre(element):
            element.text = re.sub(r"\s+", " ", element.text)
        parent = element.getparent()
        if element.tail and parent is not None and not _in_pre(parent):
            element.tail = re.sub(r"\s+", " ", element.tail)
    return etree.tostring(root, method="c14n")


def markup_of(text: str, path: str = "<doc>") -> list[tuple]:
    """Every element with its attributes (translatable values masked), sorted."""
    root = xhtml.parse_tree(text, path)
    found = []
    for element in root.iter():
        if isinstance(element.tag, str):
            attributes = {k: "*" if k in xhtml.TRANSLATED_ATTRIBUTES else v
                          for k, v in element.attrib.items()
                          if element is not root or k not in ("lang", XML_LANG)}
            found.append((element.tag, tuple(sorted(attributes.items()))))
    return sorted(found)
