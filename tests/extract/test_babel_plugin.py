"""``pybabel extract`` with lore's ``xhtml`` extractor finds the messages lore extract finds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from conftest import PROJECT, run_lore


def msgids(template: Path) -> list[str]:
    with template.open("rb") as stream:
        return [message.id for message in read_po(stream) if message.id]


def test_pybabel_extract_yields_the_same_msgids(tmp_path):
    shutil.copytree(PROJECT / "howto", tmp_path / "howto")
    (tmp_path / "babel.cfg").write_text("[xhtml: howto/**.xhtml]\n")
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-o", "babel.pot", "."],
        cwd=tmp_path, check=True, capture_output=True, timeout=120,
    )
    result = run_lore("extract", "--include-code", "-o", "lore.pot", "howto", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ours = msgids(tmp_path / "lore.pot")
    assert len(ours) >= 10
    assert sorted(msgids(tmp_path / "babel.pot")) == sorted(ours)


def test_the_project_babel_cfg_leaves_code_out_like_conf_py(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-o", str(tmp_path / "babel.pot"), "."],
        cwd=PROJECT, check=True, capture_output=True, timeout=120,
    )
    result = run_lore("extract", "-o", str(tmp_path / "lore.pot"), cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    assert sorted(msgids(tmp_path / "babel.pot")) == sorted(msgids(tmp_path / "lore.pot"))
