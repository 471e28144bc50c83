"""The catalog tests that call GNU gettext's tools skip, saying why, where gettext is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


# Most of the tests it runs read the shared corpus first, and would skip for that reason.
@pytest.mark.shared("corpus/twisted-core")
def test_the_gettext_comparisons_skip_without_gettext(tmp_path):
    # An empty PATH: no msgfmt, msgcat or msgmerge (lore itself runs as sys.executable).
    env = {**os.environ, "PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q",
         str(HERE / "test_catalog_commands.py"), str(HERE / "test_catalog_po.py"),
         "-k", "msgfmt or passes_msgfmt or update_twice or compile_writes or pseudo_catalog"
               " or fixed_point or agrees_with_msgmerge"],
        cwd=HERE.parents[1], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    for tool in ("msgfmt", "msgcat", "msgmerge"):
        assert f"GNU gettext's {tool} is not installed" in done.stdout
