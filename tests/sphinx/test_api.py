"""API pages: the corpus's ``twisted.*`` names found in refreactor and written as reST."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lore.site.sphinx import api

PROJECT = Path(__file__).parent / "project"


def test_the_corpus_references_are_collected():
    assert api.referenced_names(PROJECT / "howto") == {
        "twisted.internet.interfaces.IReactorCore",
        "twisted.internet.interfaces.IReactorTime.callLater",
    }


def test_names_resolve_to_refreactor_objects_with_interface_members():
    found = api.resolve("twisted.internet.interfaces.IReactorTime.callLater")
    assert found.module == "twisted.internet.interfaces"
    assert found.path == ["IReactorTime", "callLater"]
    assert found.obj.getName() == "callLater"
    assert api.resolve("twisted.internet.interfaces.NoSuchThing") is None
    assert api.resolve("os.path") is None


def test_missing_names_are_listed_on_the_api_index(tmp_path):
    corpus = tmp_path / "howto"
    corpus.mkdir()
    page = (PROJECT / "howto" / "second.xhtml").read_text()
    (corpus / "p.xhtml").write_text(page.replace(
        "<p>This page", '<p><code class="API" base="twisted.internet.interfaces">IReactorCore'
        '</code> <code class="API">twisted.nowhere.Thing</code> This page'))
    assert api.generate(tmp_path, "howto") == ["twisted.nowhere.Thing"]
    index = (tmp_path / "api" / "index.rst").read_text()
    assert "twisted.internet.interfaces" in index and "``twisted.nowhere.Thing``" in index
    module = (tmp_path / "api" / "twisted.internet.interfaces.rst").read_text()
    assert ".. py:module:: twisted.internet.interfaces" in module
    assert ".. py:class:: IReactorCore" in module and ".. py:method:: run()" in module
    stamp = (tmp_path / "api" / "index.rst").stat().st_mtime_ns
    api.generate(tmp_path, "howto")
    assert (tmp_path / "api" / "index.rst").stat().st_mtime_ns == stamp  # unchanged: not written


def test_the_import_alias_maps_twisted_names_onto_refreactor():
    script = ("from lore.site.sphinx import api; api.install_alias(); "
              "import twisted.internet.interfaces as m; print(m.__name__)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "refreactor.internet.interfaces"
