"""The pytest plugin that runs the examples of the howto pages (entry point ``pytest11``).

Every page of the corpus becomes a test file: ``howto/time.xhtml::shell@L42`` is the shell
transcript starting on line 42, ``python-interpreter@L30`` an interpreter session run as a doctest
(one namespace per page), ``api`` checks that every ``<code class="API">`` names a real object.
``--reactor=ref`` (default) runs them on refreactor, ``--reactor=twisted`` on real Twisted.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lore import api_resolver, config, xhtml
from lore.examples import reactors, transcript
from lore.examples.page import Block, Page, read_page

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

HERE = Path(__file__).parent
RUNTIME = pytest.StashKey["Runtime"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--reactor``."""
    parser.getgroup("lore").addoption(
        "--reactor", choices=reactors.REACTORS, default="ref",
        help="run howto examples on refreactor (ref, default) or on real Twisted (twisted)",
    )


def session_runtime(config_: pytest.Config) -> Runtime:
    """The session's runtime, made at the first .xhtml file (sessions without pages pay nothing)."""
    if RUNTIME not in config_.stash:
        config_.stash[RUNTIME] = Runtime(config_)
    return config_.stash[RUNTIME]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the wrapper scripts."""
    runtime = config.stash.get(RUNTIME, None)
    if runtime:
        runtime.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect the ``.xhtml`` pages of the corpus folders and files named by ``lore_corpus``."""
    corpus = session_runtime(parent.config).corpus
    if file_path.suffix == ".xhtml" and (file_path.parent in corpus or file_path in corpus):
        return HowtoPage.from_parent(parent, path=file_path)
    return None


class ExampleFailure(Exception):
    """An example did not do what its page says."""


class Runtime:
    """What every example of a session shares: settings, the reactor, ``python``/``twistd``."""

    def __init__(self, config_: pytest.Config) -> None:
        self.root = Path(config_.rootpath)
        self.settings = config.load(self.root / "conf.py")
        self.corpus = {self.root / path for path in self.settings.corpus}
        self.reactor: str = config_.getoption("reactor")
        self.scratch = Path(tempfile.mkdtemp(prefix="lore-examples-"))
        self.env = reactors.environment(reactors.make_bin(self.reactor, self.scratch / "bin"))
        self.missing_api: dict[str, str] | None = None

    def close(self) -> None:
        """Remove the session's scratch folder."""
        shutil.rmtree(self.scratch, ignore_errors=True)

    def skip_reason(self, page: str) -> str | None:
        """Why ``page`` does not run on the reactor under test yet (only ever on ``ref``)."""
        if self.reactor == "ref":
            return self.settings.example_skip_ref.get(page)
        return None

    def resolve_api(self, names: set[str]) -> dict[str, str]:
        """Those of ``names`` that do not exist on the reactor (resolved once per session)."""
        if self.missing_api is None:
            result = subprocess.run(
                [*reactors.python_command(self.reactor), api_resolver.__file__],
                input="\n".join(sorted(names)), capture_output=True, text=True,
                env=self.env, timeout=self.settings.example_timeout,
            )
            if result.returncode != 0:
                raise RuntimeError(f"resolving API names failed:\n{result.stderr}")
            self.missing_api = json.loads(result.stdout)
        return self.missing_api


class HowtoPage(pytest.File):
    """One howto page: its examples in page order, then its API references."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page_name = ""
        self.page: Page | None = None
        self.worker: DoctestWorker | None = None
        self.doctests_run = 0

    def collect(self) -> Iterator[pytest.Item]:
        """Yield an item per example block, and one for the page's API references."""
        runtime = session_runtime(self.config)
        name = self.path.relative_to(runtime.root).as_posix()
        try:
            page = read_page(self.path)
        except xhtml.XHTMLError as error:
            raise self.CollectError(f"{name}{str(error).removeprefix(error.path)}") from None
        for listing in page.listings:
            if not (self.path.parent / listing.href).is_file():
                raise self.CollectError(
                    f"{name}:{listing.line}: listing {listing.href!r} does not exist"
                )
        self.page, self.page_name = page, name
        reason = runtime.skip_reason(name)
        items: list[pytest.Item] = []
        for block in page.blocks:
            kind = DoctestItem if block.kind == "python-interpreter" else TranscriptItem
            items.append(kind.from_parent(self, name=f"{block.kind}@L{block.line}", block=block))
        if page.api_refs:
            items.append(ApiItem.from_parent(self, name="api", page=page))
        for item in items:
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"on refreactor: {reason}"))
            yield item

    def doctest_worker(self) -> DoctestWorker:
        """The page's doctest process, started on first use."""
        if self.worker is None or not self.worker.alive():
            runtime = session_runtime(self.config)
            self.worker = DoctestWorker(runtime, self.path.parent.parent / "examples")
            self.doctests_run = 0
        return self.worker

    def teardown(self) -> None:
        """Stop the doctest process at the end of the page."""
        if self.worker:
            self.worker.close()
            self.worker = None


class PageItem(pytest.Item):
    """A test drawn from a page; its failures are reported in the page's terms."""

    @property
    def runtime(self) -> Runtime:
        """The session's runtime."""
        return session_runtime(self.config)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: str | None = None) -> str | TerminalRepr:
        """Show the example's own report (command, diff) rather than the runner's traceback."""
        if isinstance(excinfo.value, ExampleFailure | transcript.TranscriptError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class ExampleItem(PageItem):
    """An example block of a page."""

    def __init__(self, *, block: Block, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block

    @property
    def timeout(self) -> float:
        """Per-command timeout: the block's ``data-timeout``, else ``lore_example_timeout``."""
        return float(self.block.attrs.get("data-timeout", self.runtime.settings.example_timeout))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Point reports at the block's page line."""
        return self.path, self.block.line - 1, f"{self.parent.page_name}:{self.block.line}"


class TranscriptItem(ExampleItem):
    """A ``<pre class="shell">`` transcript."""

    def runtest(self) -> None:
        """Run the transcript in a scratch folder beside the examples folder."""
        commands = transcript.parse(self.block.text, self.block.line)
        with machine_lock(), tempfile.TemporaryDirectory(prefix="lore-shell-") as scratch:
            (Path(scratch) / "examples").symlink_to(self.path.parent.parent / "examples")
            cwd = Path(scratch) / "work"
            cwd.mkdir()
            session = transcript.Session(cwd, self.runtime.env, self.timeout,
                                         self.parent.page_name)
            session.run(commands)


@contextlib.contextmanager
def machine_lock() -> Iterator[None]:
    """Hold the machine-wide transcript lock.

    The pages' servers listen on fixed ports, so two test sessions on one machine (two checkouts,
    two people running ``make test``) take turns, one transcript at a time, instead of colliding.
    """
    with open(Path(tempfile.gettempdir()) / "lore-examples.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class DoctestItem(ExampleItem):
    """A ``<pre class="python-interpreter">`` session, run after the page's earlier ones."""

    def runtest(self) -> None:
        """Run the earlier sessions of the page if needed, then this one."""
        page: HowtoPage = self.parent
        sessions = [b for b in page.page.blocks if b.kind == "python-interpreter"]
        worker = page.doctest_worker()
        index = sessions.index(self.block)
        while page.doctests_run < index:
            worker.run(page.page_name, sessions[page.doctests_run], self.timeout)
            page.doctests_run += 1
        page.doctests_run = index + 1
        failed, report = worker.run(page.page_name, self.block, self.timeout)
        if failed:
            raise ExampleFailure(report)


class DoctestWorker:
    """A process on the reactor under test that runs one page's sessions in one namespace."""

    def __init__(self, runtime: Runtime, examples: Path) -> None:
        argv = [*reactors.python_command(runtime.reactor), str(HERE / "doctest_worker.py")]
        self.process = subprocess.Popen(
            [*argv, str(examples)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env=runtime.env,
            cwd=runtime.scratch, start_new_session=True,
        )
        self.pending = b""

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def run(self, page: str, block: Block, timeout: float) -> tuple[int, str]:
        """Run ``block``; return the number of failed examples and doctest's report."""
        request = {"text": block.text, "page": page, "line": block.line - 1}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                self.close()
                why = f"timed out after {timeout:g} s" if not ready else "the interpreter died"
                raise ExampleFailure(f"{page}:{block.line}: {why}")
            self.pending += chunk
        answer, self.pending = self.pending.split(b"\n", 1)
        result = json.loads(answer)
        return result["failed"], result["report"]

    def close(self) -> None:
        """End the process and its group."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe:
                pipe.close()


class ApiItem(PageItem):
    """Every ``<code class="API">`` of a page names an object that exists on the reactor."""

    def __init__(self, *, page: Page, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page = page

    def runtest(self) -> None:
        """Resolve the page's names (all pages' names at once, on first use)."""
        names = {ref.name for item in self.session.items if isinstance(item, ApiItem)
                 for ref in item.page.api_refs}
        missing = self.runtime.resolve_api(names)
        wrong = [f"{self.parent.page_name}:{ref.line}: {ref.name}: {missing[ref.name]}"
                 for ref in self.page.api_refs if ref.name in missing]
        if wrong:
            raise ExampleFailure("API references that name nothing:\n" + "\n".join(wrong))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Point reports at the page."""
        return self.path, 0, f"{self.parent.page_name}: API references"
