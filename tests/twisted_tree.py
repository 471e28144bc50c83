"""The shared copy of Twisted's core tree, and its known source defects (one list for all tests)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "twisted-core"
DEFECTS_FILE = Path(__file__).with_name("twisted_tree_defects.tsv")
API_SITE = "https://docs.example.org/twisted-13.2/api/%s.html"
# The conf.py a user writes to build the tree as a Lore tree: both corpus folders, the tree's
# own root page, an API site.
CONF = f"""\
project = "Twisted Core"
extensions = ["lore.sphinx"]
source_suffix = {{".xhtml": "lore-xhtml"}}
root_doc = "howto/index"
exclude_patterns = ["_build", "locale", "expected"]
lore_corpus = ["howto", "examples/index.xhtml"]
lore_api_baseurl = "{API_SITE}"
"""


class Defect(NamedTuple):
    """A defect of the tree's source: where, lore lint's code, and the site's warning."""

    page: str
    line: int
    code: str
    warning: str


def defects() -> list[Defect]:
    """The defects listed in ``twisted_tree_defects.tsv``."""
    rows = (line.split("\t") for line in DEFECTS_FILE.read_text("utf-8").splitlines()
            if line and not line.startswith("#"))
    return [Defect(page, int(line), code, warning) for page, line, code, warning in rows]


def project_copy(root: Path) -> Path:
    """Copy the tree into ``root`` with its conf.py, as a user would set it up; return ``root``."""
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns("expected"))
    (root / "conf.py").write_text(CONF)
    return root
