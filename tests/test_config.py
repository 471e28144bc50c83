"""conf.py's lore settings: lore_corpus as one folder or as folders and files, read alike."""

from __future__ import annotations

import subprocess
import sys

from lore import config

PAGE = ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        "<title>{0}</title></head><body><h1>{0}</h1>\n<p>Text of {0}.</p>\n</body></html>\n")


def write_tree(root) -> None:
    """A folder of two pages, a folder of one, and one page on its own."""
    for name in ("howto/a.xhtml", "howto/sub/b.xhtml", "other/c.xhtml", "examples/index.xhtml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PAGE.format(name.split("/")[-1][:-6]), encoding="utf-8")


def extract(root) -> str:
    """Run ``lore extract`` in ``root``; return the template it wrote."""
    subprocess.run([sys.executable, "-m", "lore", "extract"], cwd=root, check=True,
                   capture_output=True)
    return (root / "locale" / "howto.pot").read_text(encoding="utf-8")


def test_a_string_is_one_folder(tmp_path):
    (tmp_path / "conf.py").write_text('lore_corpus = "howto"\n')
    assert config.load(tmp_path / "conf.py").corpus == ("howto",)
    write_tree(tmp_path)
    template = extract(tmp_path)
    assert "#: howto/a.xhtml:" in template and "#: howto/sub/b.xhtml:" in template
    assert "examples/index.xhtml" not in template and "other/" not in template


def test_a_list_names_folders_and_files(tmp_path):
    (tmp_path / "conf.py").write_text('lore_corpus = ["howto", "examples/index.xhtml"]\n')
    assert config.load(tmp_path / "conf.py").corpus == ("howto", "examples/index.xhtml")
    write_tree(tmp_path)
    template = extract(tmp_path)
    assert "#: howto/a.xhtml:" in template and "#: examples/index.xhtml:" in template
    assert "other/c.xhtml" not in template


def test_without_conf_py_the_corpus_is_howto(tmp_path):
    assert config.load(tmp_path / "conf.py").corpus == ("howto",)
