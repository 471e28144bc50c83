"""Fixtures of the ``lore serve`` tests: a copy of the fixture corpus and real server processes."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
# Generous: the first build of six languages on a loaded two-core machine.
START_SECONDS = 300


class Served:
    """A ``lore serve`` process: its URL, the folder it serves, every line it printed so far."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []
        self.finished = False
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lore", "serve", "--port", "0"], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            start_new_session=True)  # its own process group, as a command typed in a shell
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(r"\[serve\] serving .* at http://", START_SECONDS)
        self.site = Path(line.split(" serving ", 1)[1].rsplit(" at http://", 1)[0])
        self.url = re.search(r"http://\S+", line).group(0)

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.finished = True
            self.changed.notify_all()

    def wait_for(self, pattern: str, seconds: float, after: int = 0) -> str:
        """Return the first printed line from index ``after`` on matching ``pattern``."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while True:
                for line in self.lines[after:]:
                    if re.search(pattern, line):
                        return line
                if self.finished or time.monotonic() > deadline:
                    pytest.fail(f"no line matching {pattern!r}:\n" + "\n".join(self.lines))
                self.changed.wait(0.5)

    def stop(self) -> int:
        """Interrupt the server as Ctrl-C does (SIGINT to its process) and return its status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """One copy of the fixture corpus and the project's conf.py, served by each test in turn.

    Servers run one at a time in the same folder, so each starts from the last one's build.
    Tests that edit a file put it back.
    """
    root = tmp_path_factory.mktemp("serve") / "project"
    shutil.copytree(REPO / "tests" / "sphinx" / "project", root)
    shutil.copy(REPO / "conf.py", root / "conf.py")
    return root


@pytest.fixture(scope="module")
def served(project):
    """A ``lore serve`` process serving ``project``, stopped after the module's tests."""
    server = Served(project)
    yield server
    server.stop()


@pytest.fixture
def start_server(project):
    """The function starting a ``lore serve`` process on ``project``; each is stopped after."""
    started: list[Served] = []

    def start() -> Served:
        started.append(Served(project))
        return started[-1]

    yield start
    for server in started:
        if server.process.poll() is None:
            server.stop()
