"""The package imports and the console script answers."""

import subprocess
import sys


def test_lore_help_lists_subcommands():
    out = subprocess.run(
        [sys.executable, "-m", "lore", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "extract" in out
