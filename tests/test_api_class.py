"""One definition of an API reference: ``lore.xhtml.is_api_class``, used by every part of lore."""

from __future__ import annotations

from lore import xhtml
from lore.examples.page import read_page
from lore.site.sphinx import api
from lore.site.sphinx.reader import parse

PAGE = """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body><h1>T</h1>
<p><code class="API">twisted.a</code> <code class="api" base="twisted">b</code>
<a class="Api extra" href="#x">twisted.c</a> <code class="apis">not.one</code>
<code class="python">not.two</code></p>
</body></html>
"""
NAMES = ["twisted.a", "twisted.b", "twisted.c"]


def test_the_class_token_api_in_any_case_and_nothing_else():
    assert xhtml.is_api_class("API") and xhtml.is_api_class("api")
    assert xhtml.is_api_class("python API") and xhtml.is_api_class(" Api ")
    assert not xhtml.is_api_class("apis") and not xhtml.is_api_class("py-api")
    assert not xhtml.is_api_class("")


def test_the_site_and_the_example_tests_find_the_same_references(tmp_path):
    path = tmp_path / "p.xhtml"
    path.write_text(PAGE)
    assert [name for name, _ in api.api_references(parse(PAGE, str(path)))] == NAMES
    assert [ref.name for ref in read_page(path).api_refs] == NAMES
