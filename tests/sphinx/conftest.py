"""Fixtures of the Sphinx tests: the fixture corpus, built in every language once per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lore.site.build import build

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def make_project(destination: Path) -> Path:
    """Copy the fixture corpus and the project's conf.py into ``destination``."""
    shutil.copytree(HERE / "project", destination)
    shutil.copy(REPO / "conf.py", destination / "conf.py")
    return destination


def sphinx_build(root: Path, language: str, *options: str) -> subprocess.CompletedProcess:
    """Run ``sphinx-build`` on ``root`` for ``language`` into ``root/_build/html/LANG``."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-N", "-b", "html", "-D", f"language={language}",
         "-d", str(root / "_build" / "doctrees" / language), *options,
         str(root), str(root / "_build" / "html" / language)],
        cwd=root, capture_output=True, text=True)


@pytest.fixture
def new_project(tmp_path) -> Path:
    """A fresh copy of the fixture corpus with the project's conf.py."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def build_language():
    """The function building one language of a project with sphinx-build."""
    return sphinx_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, int, list[str]]:
    """The fixture corpus built by ``lore build``: (output folder, exit status, progress lines)."""
    root = make_project(tmp_path_factory.mktemp("site") / "project")
    lines: list[str] = []
    status = build(root, root / "_build" / "html", say=lines.append)
    return root / "_build" / "html", status, lines


@pytest.fixture(scope="session")
def english_site(built_site) -> Path:
    """The English site of the fixture corpus (built with ``-W``)."""
    out, status, lines = built_site
    assert status == 0, "\n".join(lines)
    return out / "en"
