"""The reactor the examples run on (``ref`` or ``twisted``) and how programs start on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REACTORS = ("ref", "twisted")


def python_command(reactor: str) -> list[str]:
    """The argv prefix that runs a Python script on ``reactor``."""
    if reactor == "ref":
        return [sys.executable, "-m", "refreactor"]
    return [sys.executable]


def twistd_command(reactor: str) -> list[str]:
    """The argv prefix of the application runner on ``reactor``."""
    if reactor == "ref":
        return [sys.executable, "-m", "refreactor.twistd"]
    return [sys.executable, "-c", "from twisted.scripts.twistd import run; run()"]


def trial_command(reactor: str) -> list[str]:
    """The argv prefix of the unit test runner on ``reactor`` (``python -m``, so that, as with
    ``trial`` in a project folder, the current folder's modules can be named)."""
    if reactor == "ref":
        return [sys.executable, "-m", "refreactor.trial"]
    return [sys.executable, "-m", "twisted.trial"]


def _wrapper(argv: list[str]) -> str:
    quoted = " ".join(f"'{arg}'" for arg in argv)
    return f'#!/bin/sh\nexec {quoted} "$@"\n'


def make_bin(reactor: str, directory: Path) -> Path:
    """Write ``python``, ``twistd`` and ``trial`` wrappers bound to ``reactor`` into
    ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    wrappers = (("python", python_command(reactor)), ("twistd", twistd_command(reactor)),
                ("trial", trial_command(reactor)))
    for name, argv in wrappers:
        path = directory / name
        path.write_text(_wrapper(argv))
        path.chmod(0o755)
    return directory


def environment(bin_dir: Path) -> dict[str, str]:
    """The environment transcript commands see: the wrappers first on PATH, unbuffered output."""
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env
