"""`lore.links.tree_file`: the same file with resolved folders kept (``folders``) as without."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lore.links import tree_file

HREFS = [
    "listings/a.py", "listings/missing.py", "./listings//a.py", "listings/../listings/a.py",
    "../howto/listings/a.py", "../../outside.py", "../..", "..", ".", "listings/",
    "inner-link/a.py", "outer-link/secret.py", "file-link.py", "outer-file.py",
    "loop/a.py", "loop", "gone/a.py", "listings/a.py#top", "listings/a.py?x=1",
    "https://example.org/a.py", "/etc/passwd", "",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project folder with links inside, out of it, to a file, and in a loop."""
    root = tmp_path / "project"
    (root / "howto" / "listings").mkdir(parents=True)
    (root / "howto" / "listings" / "a.py").write_text("")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.py").write_text("")
    (tmp_path / "outside.py").write_text("")
    os.symlink(root / "howto" / "listings", root / "howto" / "inner-link")
    os.symlink(tmp_path / "outside", root / "howto" / "outer-link")
    os.symlink(root / "howto" / "listings" / "a.py", root / "howto" / "file-link.py")
    os.symlink(tmp_path / "outside.py", root / "howto" / "outer-file.py")
    os.symlink(root / "howto" / "loop", root / "howto" / "loop")
    return root


@pytest.mark.parametrize("href", HREFS)
def test_kept_folders_change_no_answer(tree: Path, href: str) -> None:
    folders: dict[str, str | None] = {}
    for _ in range(2):  # the second time from what the first kept
        try:
            expected = tree_file(tree, "howto/page", href)
        except RuntimeError:  # a symbolic link loop, which Path.resolve refuses
            with pytest.raises(RuntimeError):
                tree_file(tree, "howto/page", href, folders)
            continue
        assert tree_file(tree, "howto/page", href, folders) == expected


def test_links_out_of_the_tree_name_no_file(tree: Path) -> None:
    folders: dict[str, str | None] = {}
    assert tree_file(tree, "howto/page", "outer-link/secret.py", folders) is None
    assert tree_file(tree, "howto/page", "outer-file.py", folders) is None
    assert tree_file(tree, "howto/page", "inner-link/a.py", folders) == (
        tree.resolve() / "howto" / "listings" / "a.py")
