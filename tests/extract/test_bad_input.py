"""Bad input: one clear line per bad document, exit status 1, the old template kept, and
never a network fetch, a hang or a traceback."""

from __future__ import annotations

import http.server
import threading

import pytest
from conftest import run_lore

GOOD = "<html><body><p>Fine &nbsp;&mdash; page.</p></body></html>\n"
BAD_DOCUMENTS = {
    "unclosed.xhtml": ("<html>\n<body>\n  <p>never closed\n</body></html>\n", ":4:"),
    "external.xhtml": (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
        "<html><body><p>&x;</p></body></html>\n",
        ":3:1: external entity",
    ),
    "bomb.xhtml": (
        '<?xml version="1.0"?>\n<!DOCTYPE b [\n <!ENTITY a "aaaaaaaaaa">\n'
        ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        "]>\n<html><body><p>&c;&c;&c;&c;&c;&c;&c;&c;&c;</p></body></html>\n",
        ":3:2: entity declared",
    ),
    "latin1.xhtml": (b"<html><body>\n<p>caf\xe9</p></body></html>\n", ":2:7: not valid UTF-8"),
    "empty.xhtml": ("", ": empty document"),
    "undefined-entity.xhtml": ("<html><body><p>&bogus; x</p></body></html>\n", ":1:"),
}


def write(path, content) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    write(tmp_path / "good.xhtml", GOOD)
    for name, (content, _) in BAD_DOCUMENTS.items():
        write(tmp_path / name, content)
    return tmp_path


def test_every_bad_document_is_reported_and_nothing_is_written(folder):
    (folder / "out.pot").write_text("previous template\n")
    names = ["good.xhtml", *BAD_DOCUMENTS, "missing.xhtml"]
    result = run_lore("extract", "-o", "out.pot", *names, cwd=folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name, (_, where) in BAD_DOCUMENTS.items():
        [line] = [line for line in lines if line.startswith(f"{name}:")]
        assert line.startswith(f"{name}{where}")
    assert "missing.xhtml: no such file" in lines
    assert not any("good.xhtml" in line for line in lines)
    assert (folder / "out.pot").read_text() == "previous template\n"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_xhtml_entities_resolve_without_a_dtd_and_stay_as_written(folder):
    result = run_lore("extract", "-o", "out.pot", "good.xhtml", cwd=folder)
    assert result.returncode == 0, result.stderr
    # po4a keeps entities as written in the msgid, so existing catalogs match.
    assert 'msgid "Fine &nbsp;&mdash; page."' in (folder / "out.pot").read_text()


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY nbsp "&#160;">')

    def log_message(self, *args):
        pass


@pytest.fixture
def dtd_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _RecordingHandler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_no_dtd_or_external_entity_is_ever_fetched(tmp_path, dtd_server):
    (tmp_path / "dtd.xhtml").write_text(
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{dtd_server}/x.dtd">\n'
        "<html><body><p>A&nbsp;page</p></body></html>\n"
    )
    (tmp_path / "entity.xhtml").write_text(
        f'<!DOCTYPE html [\n<!ENTITY e SYSTEM "{dtd_server}/e.txt">\n]>\n'
        "<html><body><p>&e;</p></body></html>\n"
    )
    ok = run_lore("extract", "-o", "a.pot", "dtd.xhtml", cwd=tmp_path)
    refused = run_lore("extract", "-o", "b.pot", "entity.xhtml", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert refused.returncode == 1
    assert _RecordingHandler.requests == []
