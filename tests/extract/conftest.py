"""Shared helpers of the extraction tests: where the test data is, and how to run lore."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus" / "twisted-core"
# The seed's ten entries are the specification: the project keeps its own copy.
SEED = Path(__file__).parent / "data" / "launchpad-template-excerpt.txt"


def run_lore(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``lore`` command line in ``cwd`` and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "lore", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def without_date(template: str) -> str:
    """Blank the POT-Creation-Date header, the one line that may differ between runs."""
    return "\n".join(
        '"POT-Creation-Date: -\\n"' if line.startswith('"POT-Creation-Date:') else line
        for line in template.split("\n")
    )


@pytest.fixture(scope="session")
def po4a_updatepo() -> str:
    """The path of Debian's po4a-updatepo (.ci/run installs it)."""
    path = shutil.which("po4a-updatepo")
    if path is None:
        pytest.skip("po4a is not installed (apt-get install po4a; .ci/run does)")
    return path


def run_po4a(po4a: str, documents: list[str], output: Path, cwd: Path) -> str:
    """Extract ``documents`` with po4a as the shared corpus's README says; return the POT."""
    command = [po4a, "-f", "xhtml", "-M", "utf-8", "-p", str(output)]
    for document in documents:
        command += ["-m", document]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=300)
    return output.read_text(encoding="utf-8")
