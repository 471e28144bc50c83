"""What ``lore serve`` watches, and which of the site's languages a changed file touches.

The inputs are those of ``lore build`` (``lore.site.inputs``): ``conf.py``, the pages, the
files they show or link (listings, images), each language's catalog and its terminology. A
catalog or a terminology file touches its language only; anything else touches every language,
and the build's fingerprints then decide what is really rebuilt.
"""

from __future__ import annotations

import asyncio
import runpy
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import watchfiles

from lore import config
from lore.site import inputs
from lore.site.languages import PSEUDO, site_languages

# Milliseconds of quiet before a batch of changes is reported (an editor's save is several
# events), and at most how long a stream of changes is gathered into one batch.
STEP_MS = 50
DEBOUNCE_MS = 400


class Inputs:
    """The files a site is built from, and the languages each one touches."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.read_conf()
        self.refresh()

    def read_conf(self) -> None:
        """Read ``conf.py``: the site's languages and settings."""
        conf: Mapping[str, object] = runpy.run_path(str(self.root / "conf.py"))
        self.conf = conf
        self.settings = config.load(self.root / "conf.py")
        self.languages = tuple(site_languages(self.settings.languages))
        self.locale = self.root / self.settings.locale_dir
        self.suffixes = tuple(conf.get("source_suffix") or (".rst",))

    def refresh(self) -> None:
        """Find the pages and the files they reference again (after a build: links may change)."""
        found = {self.root / "conf.py"}
        for page in inputs.documents(self.root, self.conf):
            found.add(page.resolve())
            found.update(inputs.referenced_files(page, self.root))
        self.files = frozenset(found)

    def languages_of(self, path: Path) -> frozenset[str]:
        """Return the languages whose site ``path`` is an input of (none: not an input)."""
        path = Path(path).resolve()
        if path.is_relative_to(self.locale):
            return self._catalog_language(path.relative_to(self.locale))
        if path in self.files or (path.suffix in self.suffixes and self._is_page_folder(path)):
            return frozenset(self.languages)
        return frozenset()

    def _catalog_language(self, relative: Path) -> frozenset[str]:
        """The language of a catalog or terminology file below the locale folder."""
        language = relative.parts[0] if len(relative.parts) > 1 else ""
        is_catalog = relative.suffix == ".po"
        is_terminology = relative.parts[1:] == ("terminology.tsv",)
        if language == PSEUDO or not (is_catalog or is_terminology):
            return frozenset()  # the pseudo-locale's catalog is written by the build itself
        return frozenset(self.languages) & {language}

    def _is_page_folder(self, path: Path) -> bool:
        """Whether a new page at ``path`` sits outside the build's output and hidden folders."""
        parts = path.relative_to(self.root).parts if path.is_relative_to(self.root) else ("..",)
        return not any(part.startswith((".", "_")) or part == ".." for part in parts[:-1])

    def folders(self) -> list[Path]:
        """Return the top-level folders holding inputs (watched recursively)."""
        inside = [path.relative_to(self.root) for path in {*self.files, self.locale / "x"}
                  if path.is_relative_to(self.root)]
        tops = {self.root / path.parts[0] for path in inside if len(path.parts) > 1}
        return sorted(top for top in tops if top.is_dir())


class Watcher:
    """Watches a site's inputs and reports, for each batch of saves, the languages it touches.

    The project's root is watched on its own (for ``conf.py`` and pages beside it), the
    folders holding inputs recursively: never the whole tree, whose virtual environment alone
    would take thousands of watches.
    """

    def __init__(self, watched: Inputs) -> None:
        self.watched = watched
        self.stop = asyncio.Event()
        self.queue: asyncio.Queue[frozenset[str]] = asyncio.Queue()
        self.tasks: list[asyncio.Task] = []

    def start(self) -> None:
        """Start watching: saves from now on are reported, even before ``batches`` is read."""
        self.tasks.append(asyncio.create_task(self._follow([self.watched.root], False)))
        if self.watched.folders():
            self.tasks.append(asyncio.create_task(self._follow(self.watched.folders(), True)))

    async def _follow(self, paths: list[Path], recursive: bool) -> None:
        def is_input(_, path: str) -> bool:
            return bool(self.watched.languages_of(Path(path)))

        async for batch in watchfiles.awatch(*paths, recursive=recursive, stop_event=self.stop,
                                             step=STEP_MS, debounce=DEBOUNCE_MS,
                                             watch_filter=is_input):
            self.queue.put_nowait(frozenset().union(
                *(self.watched.languages_of(Path(path)) for _, path in batch)))

    async def batches(self) -> AsyncIterator[frozenset[str]]:
        """Yield the languages touched by the saves since the last batch, until stopped."""
        while self.tasks:
            getting = asyncio.create_task(self.queue.get())
            done, _ = await asyncio.wait({getting, *self.tasks},
                                         return_when=asyncio.FIRST_COMPLETED)
            if getting not in done:
                getting.cancel()
                for task in done:
                    task.result()  # a watcher that died says why
                return
            touched = getting.result()
            while not self.queue.empty():  # batches that arrived meanwhile join this one
                touched |= self.queue.get_nowait()
            yield touched

    async def close(self) -> None:
        """Stop watching."""
        self.stop.set()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
