"""API pages: the corpus's ``twisted.*`` names found in refreactor and written as reST."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lore.site.sphinx import api

PROJECT = Path(__file__).parent / "project"


def test_the_corpus_references_are_collected():
    assert set(api.referenced_names(PROJECT, ["howto"])) == {
        "twisted.internet.interfaces.IReactorCore",
        "twisted.internet.interfaces.IReactorTime.callLater",
    }


def page_naming(*references: str) -> str:
    """A small page whose one paragraph holds ``references`` (XHTML fragments)."""
    return ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            "<title>T</title></head><body><h1>T</h1>\n<p>" + "\n".join(references)
            + "</p>\n</body></html>\n")


def test_each_name_is_counted_with_its_first_place_over_folders_and_files(tmp_path):
    (tmp_path / "howto").mkdir()
    (tmp_path / "extra").mkdir()
    (tmp_path / "howto" / "a.xhtml").write_text(page_naming(
        '<code class="API">twisted.x.Y</code>', '<code class="api" base="twisted.x">Y</code>'))
    (tmp_path / "extra" / "b.xhtml").write_text(page_naming('<a class="API">twisted.x.Y</a>'))
    (tmp_path / "extra" / "ignored.xhtml").write_text(page_naming(
        '<code class="API">twisted.z</code>'))
    names = api.referenced_names(tmp_path, ["howto", "extra/b.xhtml"])
    assert set(names) == {"twisted.x.Y"}
    assert names["twisted.x.Y"].count == 3
    assert names["twisted.x.Y"].first == f"{tmp_path / 'howto' / 'a.xhtml'}:3"


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
    assert list(api.generate(tmp_path, ["howto"]).missing) == ["twisted.nowhere.Thing"]
    index = (tmp_path / "api" / "index.rst").read_text()
    assert "twisted.internet.interfaces" in index and "``twisted.nowhere.Thing``" in index
    module = (tmp_path / "api" / "twisted.internet.interfaces.rst").read_text()
    assert ".. py:module:: twisted.internet.interfaces" in module
    assert ".. py:class:: IReactorCore" in module and ".. py:method:: run()" in module
    stamp = (tmp_path / "api" / "index.rst").stat().st_mtime_ns
    api.generate(tmp_path, ["howto"])
    assert (tmp_path / "api" / "index.rst").stat().st_mtime_ns == stamp  # unchanged: not written
    assert api.generate(tmp_path, ["howto"], write_pages=False) == api.Problems()  # API site
    assert not list((tmp_path / "api").glob("*.rst"))


def test_pages_can_document_another_package_such_as_real_twisted(tmp_path):
    (tmp_path / "howto").mkdir()
    (tmp_path / "howto" / "p.xhtml").write_text(page_naming(
        '<code class="API" base="twisted.internet.task">LoopingCall</code>',
        '<code class="API">twisted.web.resource.Resource</code>'))
    problems = api.generate(tmp_path, ["howto"], package="twisted")
    assert problems == api.Problems()  # real Twisted has twisted.web, refreactor does not
    module = (tmp_path / "api" / "twisted.web.resource.rst").read_text()
    assert ".. autoclass:: twisted.web.resource.Resource" in module
    assert "documented from ``twisted``" in (tmp_path / "api" / "index.rst").read_text()
    assert list(api.generate(tmp_path, ["howto"]).missing) == ["twisted.web.resource.Resource"]


def test_the_import_alias_maps_twisted_names_onto_refreactor():
    script = ("from lore.site.sphinx import api; api.install_alias(); "
              "import twisted.internet.interfaces as m; print(m.__name__)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "refreactor.internet.interfaces"


def broken_package(folder: Path, name: str) -> None:
    """A real package ``name`` whose module ``internet.broken`` raises as it is imported."""
    (folder / name / "internet").mkdir(parents=True)
    (folder / name / "__init__.py").write_text("")
    (folder / name / "internet" / "__init__.py").write_text("")
    (folder / name / "internet" / "fine.py").write_text("class Fine:\n    pass\n")
    (folder / name / "internet" / "broken.py").write_text(
        "import json\n\nCONFIG = json.loads('{not json')\n\nclass Thing:\n    pass\n")


def build_one_page_project(folder, package: str, more_conf: str = "", *flags: str):
    """Run sphinx-build (no colour) on ``folder``'s page ``howto/p``, documenting ``package``."""
    (folder / "conf.py").write_text(
        'extensions = ["lore.sphinx"]\nsource_suffix = {".xhtml": "lore-xhtml"}\n'
        'root_doc = "howto/p"\nexclude_patterns = ["_build"]\nlore_corpus = ["howto"]\n'
        f'lore_api_package = "{package}"\nlore_languages = []\n' + more_conf)
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-N", "-q", *flags, "-b", "html", str(folder),
         str(folder / "_build")], cwd=folder, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(folder)}, timeout=300)


def test_a_module_that_fails_to_import_is_one_warning_with_its_error(tmp_path):
    broken_package(tmp_path, "brokenpkg")
    (tmp_path / "howto").mkdir()
    (tmp_path / "howto" / "p.xhtml").write_text(page_naming(
        '<code class="API" base="twisted.internet.broken">Thing</code>',
        '<code class="API" base="twisted.internet.broken">Other</code>',
        '<code class="API" base="twisted.internet.fine">Fine</code>',
        '<code class="API" base="twisted.internet.fine">Gone</code>'))
    done = build_one_page_project(tmp_path, "brokenpkg")
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    broken = [line for line in warnings if "twisted.internet.broken" in line]
    assert len(broken) == 1, done.stderr
    assert "API module twisted.internet.broken of brokenpkg fails to import: " \
        "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes" \
        in broken[0]
    assert broken[0].startswith(f"{tmp_path / 'howto' / 'p.xhtml'}:3")
    assert any("API name twisted.internet.fine.Gone is not in brokenpkg" in line
               for line in warnings)
    index = (tmp_path / "api" / "index.rst").read_text()
    assert "``twisted.internet.broken``: json.decoder.JSONDecodeError" in index


def test_a_class_alias_is_valid_rest_in_a_language_that_glues_words_to_it(tmp_path):
    # Sphinx's Japanese "alias of %s" is "%sの別名です。": a letter right after the role.
    (tmp_path / "aliaspkg" / "internet").mkdir(parents=True)
    (tmp_path / "aliaspkg" / "__init__.py").write_text("")
    (tmp_path / "aliaspkg" / "internet" / "__init__.py").write_text("")
    (tmp_path / "aliaspkg" / "internet" / "boxes.py").write_text(
        'class Box(dict):\n    """A box."""\n\n\nclass Command:\n    """A command."""\n\n'
        "    boxType = Box\n")
    (tmp_path / "howto").mkdir()
    (tmp_path / "howto" / "p.xhtml").write_text(page_naming(
        '<code class="API" base="twisted.internet.boxes">Command</code>'))
    done = build_one_page_project(tmp_path, "aliaspkg", 'language = "ja"\n', "-W")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "_build" / "api" / "twisted.internet.boxes.html").read_text()
    assert "problematic" not in page
    assert "の別名です" in page


def test_the_kept_api_pages_follow_the_corpus_and_the_documented_package(tmp_path):
    broken_package(tmp_path, "fixablepkg")
    (tmp_path / "howto").mkdir()
    page = tmp_path / "howto" / "p.xhtml"
    page.write_text(page_naming('<code class="API" base="twisted.internet.broken">Thing</code>'))
    first = build_one_page_project(tmp_path, "fixablepkg")
    assert "twisted.internet.broken of fixablepkg fails to import" in first.stderr
    (tmp_path / "fixablepkg" / "internet" / "broken.py").write_text("class Thing:\n    pass\n")
    fixed = build_one_page_project(tmp_path, "fixablepkg")
    assert "WARNING" not in fixed.stderr, fixed.stderr
    assert ".. autoclass:: twisted.internet.broken.Thing" in \
        (tmp_path / "api" / "twisted.internet.broken.rst").read_text()
    page.write_text(page_naming('<code class="API" base="twisted.internet.fine">Gone</code>'))
    renamed = build_one_page_project(tmp_path, "fixablepkg")
    assert "API name twisted.internet.fine.Gone is not in fixablepkg" in renamed.stderr
    assert not (tmp_path / "api" / "twisted.internet.broken.rst").exists()
