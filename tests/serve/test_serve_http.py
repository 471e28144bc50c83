"""``lore serve`` over raw HTTP: the built pages, GET and HEAD only, nothing outside the site.

Requests are written on a socket by hand, so that no client library normalises ``..`` or
decodes ``%2e`` before the server sees it.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest


def request(url: str, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send one request for ``target`` exactly as written; return status, headers and body."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as connection:
        connection.sendall(f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                           f"Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), {k.lower(): v for k, v in headers.items()}, body


def test_a_french_page_comes_translated_with_the_reload_script(served):
    status, headers, body = request(served.url, "/fr/howto/index.html")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert "Guides de test" in body.decode()
    assert body.count(b'<script src="/__lore__/reload.js"></script>') == 1
    assert body.rindex(b"/__lore__/reload.js") < body.rindex(b"</body>")


def test_the_script_is_added_to_the_response_only(served):
    pages = [*served.site.rglob("*.html"), *(served.root / "_build" / "html").rglob("*.html")]
    assert len(pages) > 20
    on_disk = [path for path in pages if b"__lore__" in path.read_bytes()]
    assert on_disk == []
    status, _, body = request(served.url, "/fr/_static/lore.css")
    assert status == 200 and b"__lore__" not in body


def test_the_site_index_leads_to_every_language(served):
    status, _, body = request(served.url, "/")
    assert status == 200
    for language in ("en", "fr", "de", "ja", "es", "qps"):
        assert f'href="{language}/howto/index.html"'.encode() in body


def test_head_sends_the_headers_of_get_without_a_body(served):
    for target in ("/fr/howto/index.html", "/fr/_static/lore.css", "/__lore__/reload.js"):
        get_status, get_headers, get_body = request(served.url, target)
        status, headers, body = request(served.url, target, "HEAD")
        assert (status, body) == (200, b""), target
        assert int(headers["content-length"]) == len(get_body) > 0, target


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_methods_other_than_get_and_head_are_refused(served, method):
    for target in ("/fr/howto/index.html", "/", "/__lore__/reload.js"):
        status, _, _ = request(served.url, target, method)
        assert status == 405, (method, target)


@pytest.mark.parametrize("target", [
    "/../conf.py", "/../../conf.py", "/fr/../../../conf.py", "/%2e%2e/%2e%2e/conf.py",
    "/%2E%2E/%2E%2E/conf.py", "/fr/%2e%2e/%2e%2e/%2e%2e/conf.py", "/..%2f..%2fconf.py",
    "/fr%2f..%2f..%2f..%2fconf.py", "/%2e%2e%2f%2e%2e%2fconf.py",
    "/fr/howto/..%2f..%2f..%2f..%2fconf.py",
    "/..\\..\\conf.py", "/%2e%2e%5c%2e%2e%5cconf.py", "/fr/%00/../../../conf.py",
])
def test_paths_leading_out_of_the_site_are_not_found(served, target):
    assert (served.root / "conf.py").is_file()  # what each path tries to reach
    status, _, body = request(served.url, target)
    assert status == 404, target
    assert b"lore_corpus" not in body


def test_dot_dot_that_stays_inside_the_site_is_served(served):
    status, _, body = request(served.url, "/fr/../fr/howto/%2e%2e/howto/index.html")
    assert status == 200 and "Guides de test" in body.decode()


def test_symbolic_links_out_of_the_site_are_not_found(served):
    french = served.site / "fr"
    links = {french / "leak.py": served.root / "conf.py",
             french / "outside": served.root,
             french / "alias.html": french / "howto" / "index.html"}  # inside: served
    for link, target in links.items():
        link.symlink_to(target)
    try:
        assert request(served.url, "/fr/leak.py")[0] == 404
        assert request(served.url, "/fr/outside/conf.py")[0] == 404
        assert request(served.url, "/fr/outside/")[0] == 404
        status, _, body = request(served.url, "/fr/alias.html")
        assert status == 200 and "Guides de test" in body.decode()
    finally:
        for link in links:
            link.unlink()


def test_a_missing_page_is_not_found(served):
    assert request(served.url, "/fr/howto/nowhere.html")[0] == 404
