"""The package imports and the console script answers."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def test_lore_help_lists_subcommands():
    out = subprocess.run(
        [sys.executable, "-m", "lore", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "extract" in out


def test_lore_version_prints_the_installed_version():
    done = subprocess.run([sys.executable, "-m", "lore", "--version"], capture_output=True,
                          text=True, check=True)
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    assert done.stdout == f"lore {declared}\n"


@pytest.mark.parametrize("buffered", ["0", "1"])
def test_a_closed_pipe_ends_lore_quietly(buffered):
    # `lore stats | true`: the reader is gone before lore writes; no traceback may follow.
    env = {**os.environ, "PYTHONUNBUFFERED": "" if buffered == "1" else "1"}
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m lore stats | true; echo ${{PIPESTATUS[0]}}"],
        capture_output=True, text=True, cwd=PROJECT, env=env, check=True,
    )
    assert result.stderr == ""
    assert result.stdout.strip() == "141"
