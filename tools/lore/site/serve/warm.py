"""``sphinx-build`` run in processes forked from one that has Sphinx and lore's extension loaded.

A ``sphinx-build`` process spends a good part of a one-page rebuild importing Sphinx, docutils
and the extension. ``lore serve`` rebuilds often, so it keeps a fork server that imported them
once; each build runs in a fresh process forked from it (one build per process: Sphinx keeps
state in its modules), and the next process is forked while nobody waits for it.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# What every build imports; the documented package is not imported ahead (importing some of
# its modules has effects, such as installing a reactor).
PRELOAD = ["sphinx.cmd.build", "sphinx.application", "sphinx.builders.html",
           "sphinx.environment", "sphinx.search", "lore.site.sphinx", "pygments.lexers.python",
           "pygments.lexers.shell", "pygments.formatters.html"]


def _build_main(arguments: list[str], cwd: str) -> tuple[int, str]:
    """Run ``sphinx-build ARGUMENTS`` from ``cwd`` in this process; return status and output."""
    from sphinx.cmd.build import build_main

    os.chdir(cwd)
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        status = build_main(arguments)
    return status, output.getvalue()


class WarmSphinx:
    """Runs ``sphinx-build`` commands in forked, preloaded processes (``build``'s ``sphinx``)."""

    def __init__(self, workers: int | None = None) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.pool = ProcessPoolExecutor(workers or os.cpu_count() or 1, mp_context=context,
                                        max_tasks_per_child=1)

    def __call__(self, command: list[str], cwd: Path) -> tuple[int, str]:
        """Run ``[python, -m, sphinx, ARGUMENTS...]`` from ``cwd``; return status and output."""
        return self.pool.submit(_build_main, command[3:], str(cwd)).result()

    def close(self) -> None:
        """Stop the processes (a build in progress is abandoned)."""
        self.pool.shutdown(wait=False, cancel_futures=True)
