"""One ``lore serve`` session: build what a change touches, then tell the open pages.

The build is ``lore.site.build.build`` (HTML only, incremental, its fingerprints deciding what
is really rebuilt; its language processes forked from a preloaded one: ``warm``), run in a
thread of its own so that the server keeps answering meanwhile. The build publishes a language
only once it built whole, so a failed one leaves its last good pages served; its errors go to
every open page.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path

from lore.site.build import Children, build
from lore.site.serve.reload import Hub
from lore.site.serve.watcher import Inputs

# "path:line: message" or "path:line:col: message", as lore and Sphinx report a defect.
_LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+)(?::\d+)?: (?P<message>.+)$")
# The name of the thread a build runs in (one at a time).
BUILD_THREAD = "lore-serve-build"
# The lines of a failed build worth showing when none names a place.
OUTPUT_TAIL = 40


class Session:
    """The served site of one project, rebuilt and republished as its inputs change."""

    def __init__(self, root: Path, out: Path, hub: Hub, say: Callable[[str], None] = print,
                 strict: bool = True, children: Children | None = None) -> None:
        self.root = root.resolve()
        self.out = out
        self.hub = hub
        self.say = say
        self.strict = strict
        self.children = children
        self.inputs = Inputs(self.root)
        self.failed: set[str] = set()

    def build(self, languages: Iterable[str]) -> tuple[list[str], list[dict] | None, str]:
        """Build ``languages`` (their HTML).

        Return the served paths that changed, the build's errors (None: it succeeded) and its
        output.
        """
        lines: list[str] = []

        def say(line: str) -> None:
            lines.append(line)
            self.say(line)

        chosen = self._languages_to_build(set(languages), say)
        parts = [*chosen, "index.html"]
        before = snapshot(self.out, parts)
        try:
            status = build(self.root, self.out, chosen, say=say, strict=self.strict,
                           formats=["html"], children=self.children)
        except Exception as error:  # conf.py, say, that does not run: shown, then fixed
            say(described(error))
            status = 1
        after = snapshot(self.out, parts)
        changed = sorted(path for path in before.keys() | after.keys()
                         if before.get(path) != after.get(path))
        self.failed = set() if status == 0 else set(chosen)
        output = "\n".join(lines)
        return changed, None if status == 0 else located_errors(output, self.root), output

    @property
    def languages(self) -> list[str]:
        """The site's languages, as conf.py says now."""
        return list(self.inputs.languages)

    def _languages_to_build(self, touched: set[str], say) -> list[str]:
        """Return the touched languages; every one when conf.py changed them."""
        before = self.languages
        try:
            self.inputs.read_conf()
        except Exception as error:  # conf.py does not run: the build will say so again
            say(described(error))
        return self.languages if self.languages != before else \
            [language for language in self.languages if language in touched]

    async def rebuild(self, languages: Iterable[str]) -> None:
        """Build in a thread (the server answers meanwhile), then tell the open pages."""
        start = time.perf_counter()
        changed, errors, output = await self._in_thread(self.build, languages)
        await self.hub.built(changed, errors, tail(output))
        # Which files the pages show may have changed: found again once the pages are told.
        await self._in_thread(self._refresh_inputs)
        pages = sum(path.endswith(".html") for path in changed)
        self.say(f"[serve] {'failed' if errors is not None else 'published'} in "
                 f"{time.perf_counter() - start:.1f} s: {pages} pages changed, "
                 f"{len(self.hub.sockets)} pages open")

    def _refresh_inputs(self) -> None:
        """Find the watched inputs again; a failure is the build's to report (it was)."""
        try:
            self.inputs.refresh()
        except Exception as error:
            self.say(described(error))

    async def follow(self, changes: AsyncIterator[frozenset[str]]) -> None:
        """Rebuild after each batch of changes; the languages that failed last time come too."""
        async for touched in changes:
            self.say(f"[serve] changed: {', '.join(sorted(touched))}")
            await self.rebuild(touched | self.failed)

    async def _in_thread(self, function, *args):
        """Run ``function`` in a daemon thread, which never holds the process when it stops."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle(result, error: BaseException | None) -> None:
            if not future.done():
                future.set_exception(error) if error else future.set_result(result)

        def work() -> None:
            try:
                outcome = function(*args), None
            except BaseException as error:  # handed to the awaiting task
                outcome = None, error
            try:
                loop.call_soon_threadsafe(settle, *outcome)
            except RuntimeError:
                pass  # the loop is closed: the server stopped while this build ran

        threading.Thread(target=work, name=BUILD_THREAD, daemon=True).start()
        return await future



def snapshot(site: Path, parts: Iterable[str]) -> dict[str, str]:
    """Return a digest of each file of the site's ``parts`` (folders or files), by URL path.

    A build publishes a language by swapping folders, so what changed is found by content.
    """
    files = []
    for part in parts:
        path = site / part
        files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in files if path.is_file() and not path.name.startswith(".")}


def described(error: Exception) -> str:
    """Return an error as ``file:line: message`` when it names a place (a SyntaxError does)."""
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        return f"{error.filename}:{error.lineno}: {type(error).__name__}: {error.msg}"
    return f"{type(error).__name__}: {error}"


def located_errors(output: str, root: Path) -> list[dict]:
    """Return the ``file:line: message`` lines of a build's output, once each, in order."""
    found: dict[tuple[str, int, str], None] = {}
    for line in output.splitlines():
        match = _LOCATED.match(line.strip())
        if match:
            path = Path(match["file"])
            if path.is_absolute() and path.is_relative_to(root):
                path = path.relative_to(root)
            found[(path.as_posix(), int(match["line"]), match["message"])] = None
    return [{"file": file, "line": line, "message": message} for file, line, message in found]


def tail(output: str) -> str:
    """The last lines of a build's output."""
    return "\n".join(output.splitlines()[-OUTPUT_TAIL:])
