"""Each check of ``lore lint`` on a small page: the finding at its hand-counted line and column,
no finding on the right form, and ``hlint="off"`` silencing it.

Every page below has its body from line 6 on; the columns are counted by hand from the
snippet's text (1-based, as editors and ruff count).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lore.cli import main

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>T</title></head>
<body>
<h1>T</h1>
"""
TAIL = "\n</body>\n</html>\n"


def lint(folder: Path, body: str, *options: str, head: str = HEAD,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Lint a page made of ``head`` + ``body`` in ``folder``: the status and finding lines."""
    (folder / "page.xhtml").write_text(head + body + TAIL, encoding="utf-8")
    status = main(["lint", "page.xhtml", "--ignore", "L103", *options])
    lines = capsys.readouterr().out.splitlines()
    return status, lines[:-1]  # the last line is the summary


@pytest.fixture
def page(tmp_path, monkeypatch, capsys):
    """``page(body, *options)`` lints a page in a fresh folder, which is the current one."""
    monkeypatch.chdir(tmp_path)
    return lambda body, *options, **kw: lint(tmp_path, body, *options, capsys=capsys, **kw)


# (code, body that triggers it, the finding's "line:col", a body with the right form)
CASES = [
    ("L001", "<p>x <b>bold</b></p>", "6:6", "<p>x <em>bold</em></p>"),
    ("L002", '<div class="nonsense">x</div>', "6:6", '<div class="note">x</div>'),
    ("L002", '<p>a\n<code\n  class="API twisty">X</code></p>', "8:3",
     '<p><code class="api" base="twisted.internet">task</code></p>'),
    ("L003", '<p>say "hi"</p>', "6:8", '<p>say <q>hi</q> or <code>"hi"</code></p>'),
    ("L003", '<p>a &amp; &lt; "b"</p>', "6:17", "<p>a &amp; &lt; b</p>"),
    ("L004", '<p style="color: red">x</p>', "6:4", '<p class="note">x</p>'),
    ("L005", '<div\n    align="center">x</div>', "7:5", "<div>x</div>"),
    ("L006", "<style>p { color: red }</style>", "6:1", "<style>  </style>"),
    ("L008", "<pre>" + "x" * 85 + "</pre>", "6:86", "<pre>" + "x" * 80 + "   </pre>"),
    ("L008", "<pre>\n&lt;" + "x" * 84 + "</pre>", "7:84", "<pre>\n&lt;" + "x" * 79 + "</pre>"),
    ("L010", '<p><a href="missing.py" class="py-listing">m</a></p>', "6:7",
     '<p><a href="listing.py" class="py-listing">m</a></p>'),
    ("L011", '<pre class="python">x = = 1</pre>', "6:25", '<pre class="python">x = 1</pre>'),
    ("L011", '<pre class="python">\n    a = 1\n\n    x = = 1\n</pre>', "9:9",
     '<pre class="python">\n    def f():\n        ...\n    class A: ...\n</pre>'),
    ("L012", '<h2>See <a href="#x">x</a></h2>', "6:9", '<h2>See x</h2>'),
    ("L013", '<p><a href="http://a.example/">http://b.example/</a></p>', "6:4",
     '<p><a href="http://a.example/">http://a.example/</a> <a href="x.xhtml">Note: x</a></p>'),
    ("L014", "<ul>\n  <li>a</li>\n  <p>b</p>\n</ul>", "8:3",
     "<ul>\n  <li>a</li>\n\n  <li>b</li>\n</ul>"),
    ("L014", "<ol>\n  <li>a</li>\n  stray\n</ol>", "8:3", "<ol><li>a</li><li>b</li></ol>"),
    ("L102", '<p><a href="nowhere.xhtml">n</a></p>', "6:7",
     '<p><a href="x.xhtml#top">x</a> <a href="#top">top</a> <a href="http://x.example/">x</a>'
     ' <a class="absolute" href="../elsewhere.html">e</a> <a href="listing.py">file</a></p>'),
]


@pytest.fixture
def neighbours(tmp_path):
    """Files the pages link to: another page and a listing."""
    (tmp_path / "x.xhtml").write_text(HEAD + TAIL)
    (tmp_path / "listing.py").write_text("print('a listing')\n")


@pytest.mark.parametrize(("code", "body", "where", "fine"), CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_each_check_finds_its_defect_at_its_place(page, neighbours, code, body, where, fine):
    status, lines = page(body)
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith(f"page.xhtml:{where}: {code} "), lines


@pytest.mark.parametrize(("code", "body", "where", "fine"), CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_the_right_form_passes(page, neighbours, code, body, where, fine):
    assert page(fine) == (0, [])


@pytest.mark.parametrize(("code", "body", "where", "fine"), CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_hlint_off_silences_the_element_and_what_it_holds(page, neighbours, code, body, where,
                                                           fine):
    assert page(f'<div hlint="off">\n{body}\n</div>') == (0, [])


def test_title_and_heading(page):
    assert page("", head=HEAD.replace("<h1>T</h1>", "<h1>U</h1>"))[1] == [
        "page.xhtml:5:1: L007 <h1> 'U' differs from <title> 'T'"]
    assert page("", head=HEAD.replace("<h1>T</h1>\n", ""))[1] == [
        "page.xhtml:4:1: L007 0 <h1> elements, not exactly one"]
    assert page("<h1>T</h1>")[1] == ["page.xhtml:6:1: L007 2 <h1> elements, not exactly one"]
    assert page("", head=HEAD.replace("<title>T</title>", ""))[1] == [
        "page.xhtml:3:1: L007 0 <title> elements, not exactly one"]
    # Line breaks inside a title are no difference.
    assert page("", head=HEAD.replace("<h1>T</h1>", "<h1>\n  T\n</h1>")) == (0, [])


def test_listing_lines_are_reported_in_the_listing_below_skiplines(page, tmp_path):
    (tmp_path / "wide.py").write_text("# " + "x" * 90 + "\nshown = 1\n" + "y" * 81 + "\n")
    link = '<p><a href="wide.py" class="py-listing"{}>w</a></p>'
    assert page(link.format(""))[1] == [
        "wide.py:1:81: L009 listing line is 92 columns wide (over 80)",
        "wide.py:3:81: L009 listing line is 81 columns wide (over 80)"]
    assert page(link.format(' skipLines="1"'))[1] == [
        "wide.py:3:81: L009 listing line is 81 columns wide (over 80)"]
    assert page(link.format(' skipLines="1" hlint="off"')) == (0, [])


def test_a_py_listing_that_does_not_compile(page, tmp_path):
    (tmp_path / "bad.py").write_text('"""A listing."""\n\nx = = 1\n')
    (tmp_path / "page.txt").write_text("x = = 1\n")
    assert page('<p><a href="bad.py" class="py-listing">b</a></p>')[1] == [
        "bad.py:3:5: L101 Python does not compile: invalid syntax"]
    assert page('<p><a href="page.txt" class="listing">b</a></p>') == (0, [])


def test_a_listing_or_link_outside_the_project_is_a_finding_and_never_read(tmp_path,
                                                                           monkeypatch, capsys):
    # Beside the project: wide and not Python, so any read of it would be a finding of its own.
    (tmp_path / "outside.py").write_text("x = = 1  " + "y" * 90 + "\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "inside.py").symlink_to(tmp_path / "outside.py")  # leaves through a link
    monkeypatch.chdir(project)
    body = ('<p><a href="../outside.py" class="py-listing">o</a>\n'
            '<a href="inside.py" class="py-listing">i</a>\n'
            '<a href="../outside.py">o</a> <a href="../elsewhere/index.xhtml">e</a></p>')
    assert lint(project, body, capsys=capsys) == (1, [
        "page.xhtml:6:7: L010 listing '../outside.py' is outside the project folder: not read",
        "page.xhtml:7:4: L010 listing 'inside.py' is outside the project folder: not read",
        "page.xhtml:8:4: L102 link to '../outside.py' leaves the project folder",
        "page.xhtml:8:34: L102 link to '../elsewhere/index.xhtml' leaves the project folder"])


def test_api_references_must_name_something_on_refreactor(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    body = ('<p><code class="API">twisted.internet.nosuch</code>\n'
            '<code class="API" base="twisted.internet.task">LoopingCall</code>\n'
            '<code class="api" base="twisted.internet.interfaces.IReactorTime">callLater</code>\n'
            '<span hlint="off"><code class="API">twisted.nothing</code></span></p>')
    (tmp_path / "page.xhtml").write_text(HEAD + body + TAIL)
    assert main(["lint", "page.xhtml"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1] == "Found 1 error."
    assert lines[0].startswith("page.xhtml:6:4: L103 API name 'twisted.internet.nosuch' "
                               "names nothing in refreactor (")


def test_api_names_of_every_worker_reach_the_resolver(tmp_path, monkeypatch, capsys):
    # Pages are checked by forked workers, each handing its names to the resolver itself.
    monkeypatch.chdir(tmp_path)
    for number in range(4):
        (tmp_path / f"page{number}.xhtml").write_text(
            HEAD + f'<p><code class="API">twisted.internet.nosuch{number}</code>\n'
            '<code class="API">twisted.internet.task</code></p>' + TAIL)
    assert main(["lint", "--no-cache", "."]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" names nothing")[0] for line in lines[:-1]] == [
        f"page{number}.xhtml:6:4: L103 API name 'twisted.internet.nosuch{number}'"
        for number in range(4)]
    assert lines[-1] == "Found 4 errors."


def test_api_results_are_kept_while_the_package_and_the_names_stay(tmp_path, monkeypatch,
                                                                     capsys):
    from lore.lint import api, cache

    monkeypatch.chdir(tmp_path)
    page = HEAD + '<p><code class="API">twisted.internet.{}</code></p>' + TAIL
    (tmp_path / "page.xhtml").write_text(page.format("nosuch"))
    assert main(["lint", "page.xhtml"]) == 1
    first = capsys.readouterr().out
    kept = cache.load("api")
    assert kept["names"] == ["twisted.internet.nosuch"]
    assert kept["fingerprint"] == api.fingerprint("refreactor") != ()
    assert main(["lint", "page.xhtml"]) == 1 and capsys.readouterr().out == first
    # A name the last run did not resolve is resolved now.
    (tmp_path / "page.xhtml").write_text(page.format("task"))
    assert main(["lint", "page.xhtml"]) == 0
    assert cache.load("api")["names"] == ["twisted.internet.nosuch", "twisted.internet.task"]


def test_api_names_are_not_checked_against_an_api_site(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf.py").write_text('lore_api_baseurl = "https://api.example/%s.html"\n')
    (tmp_path / "page.xhtml").write_text(HEAD + '<p><code class="API">nosuch</code></p>' + TAIL)
    assert main(["lint", "page.xhtml"]) == 0


def test_a_page_that_is_not_well_formed_is_a_finding_with_its_place(page):
    status, lines = page("<p>unclosed</div>")
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith("page.xhtml:6:")
    assert " L000 " in lines[0] and "mismatch" in lines[0]
    # An entity that XHTML does not define: the shared reader's words and place (lxml's).
    status, lines = page("<p>a &nosuch; b</p>")
    assert status == 1 and lines == ["page.xhtml:6:15: L000 Entity 'nosuch' not defined"]


def test_places_survive_comments_and_cdata(page):
    assert page('<p>a <!-- "c" --> "b"</p>')[1][0].startswith("page.xhtml:6:19: L003 ")
    assert page('<p><![CDATA[x < y]]> "b"</p>')[1][0].startswith("page.xhtml:6:22: L003 ")


def test_a_non_ascii_page_counts_columns_in_characters(page):
    assert page('<p>déjà vu, “so” "then"</p>')[1][0].startswith("page.xhtml:6:18: L003 ")


def test_windows_line_ends_count_as_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    page = (HEAD + '<p>x</p>\n<p style="s">y</p>' + TAIL).replace("\n", "\r\n")
    (tmp_path / "page.xhtml").write_bytes(page.encode())
    assert main(["lint", "page.xhtml", "--select", "L004"]) == 1
    assert capsys.readouterr().out.startswith("page.xhtml:7:4: L004 ")


def test_parse_results_are_kept_by_text_for_the_next_run(page, tmp_path):
    from lore.lint import cache

    listing = tmp_path / "l.py"
    link = '<p><a href="l.py" class="py-listing">l</a></p>'
    listing.write_text("x = = 1\n")
    first = page(link)
    assert first[1] == ["l.py:1:5: L101 Python does not compile: invalid syntax"]
    assert "x = = 1\n" in cache.load("python")
    assert page(link) == first == page(link, "--no-cache")
    listing.write_text("x = 1\n")  # a new text is parsed anew, whatever the file's name
    assert page(link) == (0, [])
    assert set(cache.load("python")) == {"x = = 1\n", "x = 1\n"}
    # Old entries go once they would be most of the file.
    assert cache.kept({str(n): None for n in range(2000)}, {"x": None}) == {"x": None}
    assert len(cache.kept({str(n): None for n in range(1000)}, {"x": None})) == 1001


def test_a_changed_file_of_the_package_changes_its_fingerprint(tmp_path, monkeypatch):
    from lore.lint import api

    package = tmp_path / "documented"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "internet.py").write_text("class Port: pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = api.fingerprint("documented")
    (package / "internet.py").write_text("class Port: pass\nclass Connector: pass\n")
    assert api.fingerprint("documented") != before
    assert api.fingerprint("nothing_of_that_name") == ()
