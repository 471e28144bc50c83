"""twisted.python.filepath, util.sibpath and modules.getModule on refreactor."""

import subprocess
import sys

import pytest
from refreactor.python import filepath, modules, util


def test_set_content_replaces_the_file_whole(tmp_path):
    path = filepath.FilePath(str(tmp_path / "data"))
    path.setContent(b"first version, longer")
    path.setContent(b"second", ext=".tmp")
    assert path.getContent() == b"second"
    assert [p.basename() for p in path.parent().children()] == ["data"]


def test_bytes_paths_and_children_of_either_type(tmp_path):
    root = filepath.FilePath(str(tmp_path).encode())
    child = root.child(b"x")
    assert isinstance(child.path, bytes) and child.path.endswith(b"/x")
    assert isinstance(root.child("y").path, str)
    assert root.asTextMode().child("x").path == str(tmp_path / "x")


def test_walk_detects_a_link_cycle(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    with pytest.raises(filepath.LinkError):
        list(filepath.FilePath(str(tmp_path)).walk())


def test_child_refuses_to_leave_and_equality_and_order(tmp_path):
    root = filepath.FilePath(str(tmp_path))
    with pytest.raises(filepath.InsecurePath):
        root.child("a/b")
    assert root.child(".") == root
    assert root.child("a") < root.child("b") and {root.child("a"), root.child("a")} == {
        root.child("a")}
    assert root.child("a").segmentsFrom(root) == ["a"]
    with pytest.raises(ValueError):
        root.segmentsFrom(root.child("a"))


def test_sibpath_and_get_module():
    assert util.sibpath("/srv/app/main.py", "cert.pem") == "/srv/app/cert.pem"
    module = modules.getModule("refreactor.python.filepath")
    assert module.filePath.path == filepath.__file__ and not module.isPackage()
    assert modules.getModule("refreactor").isPackage()
    assert module.load() is filepath
    with pytest.raises(KeyError):
        modules.getModule("refreactor.no_such_thing")


def test_get_module_of_main_under_the_runner(tmp_path):
    script = tmp_path / "prog.py"
    (tmp_path / "server.pem").write_bytes(b"CERT")
    script.write_text("from twisted.python.modules import getModule\n"
                      "print(getModule(__name__).filePath.sibling('server.pem').getContent())\n")
    out = subprocess.run([sys.executable, "-m", "refreactor", str(script)], capture_output=True,
                         text=True, timeout=60)
    assert out.stdout == "b'CERT'\n", out.stderr
