"""``lore build``'s language processes, forked from one that has their imports done.

A language's process (``python -m lore.site.formats``) spends a good part of a one-page
rebuild importing Sphinx, docutils and lore's extension. ``lore serve`` rebuilds often, so it
keeps a fork server that imported them once; each command runs in a fresh process forked from
it (one command per process: Sphinx keeps state in its modules), and the next process is
forked while nobody waits for it.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lore.site.build import Children

# What every build imports, besides the extensions every Sphinx application loads; not the
# documented package (importing some of its modules has effects, such as installing a reactor).
PRELOAD = ["sphinx.cmd.build", "sphinx.application", "sphinx.builders.html",
           "sphinx.environment", "sphinx.search", "sphinx.ext.autodoc", "sphinx.jinja2glue",
           "sphinx.ext.mathjax", "sphinx.builders.latex.transforms", "jinja2.ext",
           "jinja2.sandbox", "babel.numbers", "xml.dom.minidom", "alabaster.support",
           "docutils.languages.en", "lore.sphinx",
           "pygments.lexers.python", "pygments.lexers.shell", "pygments.formatters.html"]


def preloaded() -> list[str]:
    """Return the modules the fork server imports: ``PRELOAD`` and Sphinx's own extensions."""
    from sphinx.application import builtin_extensions

    return [*PRELOAD, *builtin_extensions]


def _idle_quietly() -> None:
    """Make a waiting worker deaf to Ctrl-C and mute: the server stops it, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)


def _run_module(module: str, arguments: list[str], cwd: str) -> tuple[int, str]:
    """Run ``python -m MODULE ARGUMENTS`` from ``cwd`` in this (forked) process.

    Return its exit status and everything written to its standard output and error, its own
    children's included.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a build stops on Ctrl-C
    os.chdir(cwd)
    sys.argv = [module, *arguments]
    # This process loaded the module already (lore's build names its formats); running it as
    # __main__ as well is what ``python -m`` does, so runpy's warning would only be noise, and
    # any output makes the build drop the language's environment.
    warnings.filterwarnings("ignore", "'.*' found in sys.modules", RuntimeWarning)
    with tempfile.TemporaryFile() as output:
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            status = 0
        except SystemExit as leaving:  # as the interpreter reads it: None 0, a message 1
            code = leaving.code
            if isinstance(code, str):
                print(code, file=sys.stderr)
            status = code if isinstance(code, int) else 0 if code is None else 1
        sys.stdout.flush()
        sys.stderr.flush()
        output.seek(0)
        return status, output.read().decode("utf-8", "replace")


class WarmChildren(Children):
    """``lore build``'s child processes, forked from a process that imported what they need."""

    def __init__(self, workers: int | None = None) -> None:
        super().__init__()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preloaded())
        self.pool = ProcessPoolExecutor(workers or os.cpu_count() or 1, mp_context=context,
                                        initializer=_idle_quietly, max_tasks_per_child=1)

    def run(self, command: list[str], cwd: Path) -> subprocess.CompletedProcess:
        """Run ``[python, -m, MODULE, ARGUMENTS...]`` from ``cwd``, its output captured."""
        if command[1:2] != ["-m"]:
            raise ValueError(f"not a 'python -m MODULE' command: {command}")
        status, output = self.pool.submit(_run_module, command[2], command[3:],
                                          str(cwd)).result()
        return subprocess.CompletedProcess(command, status, output, "")

    def close(self) -> None:
        """Stop the processes (a command in progress is abandoned)."""
        self.pool.shutdown(wait=False, cancel_futures=True)
