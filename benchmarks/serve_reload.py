"""Time from saving a French catalog entry to the open page showing it: ``lore serve`` against
``lore build --lang fr --formats html`` and a manual reload.

On two copies of the project (conf.py, howto/, examples/, locale/), each built once first, in
one run, rounds interleaved: each round changes the same translated paragraph of one page (its
text gains a round marker) and measures, in Debian's headless Chromium driven by Playwright,
the time from the catalog's save until the marker is in the page's DOM:

- lore serve: the page is open; the server notices the save, rebuilds French, and the page
  reloads itself;
- the peer: the same save, then ``lore build --lang fr --formats html`` (what lore serve
  builds) run at once, then ``page.reload()`` (a reader who knows exactly when to reload: no
  human delay counted), the page served as static files.

The issue's figure: the median of lore serve under 2 s on the project (2 cores).

Usage: ``python benchmarks/serve_reload.py [ROUNDS]`` (default 7); ``--smallest``: one round.
"""

from __future__ import annotations

import functools
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lore.catalogs import catalog as po

REPO = Path(__file__).resolve().parents[1]
COPIED = ("conf.py", "howto", "examples", "locale")
LORE = str(Path(sys.executable).parent / "lore")
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
START_SECONDS = 600
ROUND_MS = 120_000


def copy_project(destination: Path) -> Path:
    """Copy what the site is built from into ``destination``."""
    destination.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("qps", "*.mo"))
        else:
            shutil.copy(source, destination / name)
    return destination


def catalog_path(root: Path) -> Path:
    """The French catalog of a project copy."""
    return root / "locale" / "fr" / "LC_MESSAGES" / "howto.po"


def chosen_entry(root: Path) -> tuple[str, str]:
    """Return the msgid of a translated French paragraph of plain text on one page, and its page.

    A paragraph, not a title: a new title would rightly rewrite the pages listing it too.
    """
    for entry in po.read(catalog_path(root)).active:
        if (entry.translated and not entry.fuzzy and len(entry.documents) == 1
                and not re.search(r"[<&]", entry.msgid + entry.msgstr)
                and entry.kind.endswith("<p>")):
            return entry.msgid, entry.documents[0]
    sys.exit("no translated French paragraph of plain text in locale/fr")


def save_entry(root: Path, msgid: str, marker: str) -> None:
    """Save the catalog with the entry's translation ending in ``marker``, as an editor would."""
    path = catalog_path(root)
    catalog = po.read(path)
    entry = next(e for e in catalog.active if e.msgid == msgid)
    entry.msgstr = re.sub(r" \[round \d+\]$", "", entry.msgstr) + marker
    po.write(catalog, path)


class LoreServe:
    """``lore serve --port 0`` running in a project copy."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen([LORE, "serve", "--port", "0"], cwd=root,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, bufsize=1, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        for line in self.process.stdout:
            found = re.search(r"\[serve\] serving .* at (http://\S+)", line)
            if found:
                self.url = found.group(1)
                break
            if time.monotonic() > deadline:
                break
        else:
            sys.exit("lore serve stopped before serving")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # drain

    def stop(self) -> None:
        """Stop it as Ctrl-C does."""
        self.process.send_signal(2)
        self.process.wait(60)


class Quiet(SimpleHTTPRequestHandler):
    """Static files, no request log."""

    def log_message(self, format: str, *args) -> None:
        """Stay silent."""


def static_server(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 from a thread; return the server and its URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def shows(page, marker: str) -> None:
    """Wait until ``marker`` is in the page's text."""
    # body is null for a moment while the page reloads
    page.wait_for_function("m => document.body?.innerText.includes(m)", arg=marker,
                           timeout=ROUND_MS)


def serve_round(page, root: Path, msgid: str, marker: str) -> float:
    """Save the entry; time until the open page shows it by itself."""
    page.wait_for_selector("html[data-lore-serve='connected']", state="attached",
                           timeout=ROUND_MS)
    start = time.perf_counter()
    save_entry(root, msgid, marker)
    shows(page, marker)
    return time.perf_counter() - start


def peer_round(page, root: Path, msgid: str, marker: str) -> float:
    """Save the entry, ``lore build --lang fr``, reload; time until the page shows it."""
    start = time.perf_counter()
    save_entry(root, msgid, marker)
    subprocess.run([LORE, "build", "--lang", "fr", "--formats", "html"], cwd=root, check=True,
                   capture_output=True)
    page.reload()
    shows(page, marker)
    return time.perf_counter() - start


def main(rounds: int) -> None:
    """Print both medians and their ratio."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        served_root = copy_project(Path(tmp) / "serve")
        peer_root = copy_project(Path(tmp) / "peer")
        msgid, document = chosen_entry(served_root)
        path = "fr/" + document.removesuffix(".xhtml") + ".html"
        subprocess.run([LORE, "build", "--formats", "html"], cwd=peer_root, check=True,
                       capture_output=True)
        httpd, peer_url = static_server(peer_root / "_build" / "html")
        serve = LoreServe(served_root)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            served_page, peer_page = browser.new_page(), browser.new_page()
            served_page.goto(serve.url + path)
            peer_page.goto(peer_url + path)
            served, peer = [], []
            for number in range(1, rounds + 1):
                marker = f" [round {number}]"
                served.append(serve_round(served_page, served_root, msgid, marker))
                peer.append(peer_round(peer_page, peer_root, msgid, marker))
                print(f"round {number}: lore serve {served[-1]:5.2f} s  "
                      f"lore build --lang fr --formats html + reload {peer[-1]:5.2f} s", flush=True)
        finally:
            browser.close()
            serve.stop()
            httpd.shutdown()
    median, peer_median = statistics.median(served), statistics.median(peer)
    print(f"page {path}, {rounds} edits of one French entry")
    print(f"save -> page shows it (median): lore serve {median:5.2f} s  "
          f"lore build --lang fr --formats html + reload {peer_median:5.2f} s  "
          f"ratio {peer_median / median:4.2f}x  (goal: lore serve under 2 s)")


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else "7"
    main(1 if argument == "--smallest" else int(argument))
