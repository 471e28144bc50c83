"""Ctrl-C stops ``lore serve`` promptly, even during a rebuild, and the site stays whole."""

from __future__ import annotations

import hashlib
import time


def snapshot(folder) -> dict[str, str]:
    """The digest of each file below ``folder``, by relative path."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_sigint_while_idle_stops_the_server(start_server):
    server = start_server()
    start = time.monotonic()
    assert server.stop() == 0
    # Generous for a loaded machine; on a quiet one it takes a fraction of a second.
    assert time.monotonic() - start < 10
    assert server.lines[-1] == "[serve] stopped"


def test_sigint_during_a_rebuild_stops_it_and_the_site_stays_whole(project, start_server):
    server = start_server()
    before = snapshot(server.site)
    page = project / "howto" / "second.xhtml"
    original = page.read_text(encoding="utf-8")
    try:
        mark = len(server.lines)
        page.write_text(original.replace("</h1>", "</h1>\n<p>Interrupted edit.</p>", 1),
                        encoding="utf-8")
        server.wait_for(r"\[serve\] changed: ", 120, after=mark)
        start = time.monotonic()
        assert server.stop() == 0
        assert time.monotonic() - start < 10
    finally:
        page.write_text(original, encoding="utf-8")
    assert not any("built " in line for line in server.lines[mark:])  # it was interrupted
    assert snapshot(server.site) == before
    pages = list(server.site.rglob("*.html"))
    assert len(pages) > 20 and all(p.read_bytes().rstrip().endswith(b"</html>") for p in pages)
