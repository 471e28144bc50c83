"""FilePath's documented core, sibpath, and getModule(__name__).filePath (how Twisted's TLS
examples find the files shipped beside them)."""

import os
import tempfile

from twisted.python import filepath, util
from twisted.python.modules import getModule

here = getModule(__name__).filePath
print("module file:", here.basename(), "exists:", here.exists(), "isfile:", here.isfile())
print("sibling is in the same folder:", here.sibling("x.pem").parent() == here.parent())
print("sibpath:", util.sibpath(__file__, "x.pem") == here.sibling("x.pem").path)
print("getModule of a package:", getModule("twisted").filePath.basename())
try:
    getModule("no_such_module_here")
except KeyError as e:
    print("unknown module: KeyError", e)

root = filepath.FilePath(tempfile.mkdtemp())
print("path is absolute:", os.path.isabs(root.path), "repr:", repr(root).startswith("FilePath("))
docs = root.child("docs")
docs.makedirs()
docs.child("a.txt").setContent(b"alpha")
docs.child("b.txt").setContent(b"beta")
docs.child("c.rst").setContent(b"gamma")
docs.child("sub").createDirectory()
docs.child("sub").child("d.txt").setContent(b"delta")
print("getContent:", docs.child("a.txt").getContent())
with docs.child("a.txt").open("a") as f:
    f.write(b"+more")
with docs.child("a.txt").open() as f:
    print("open read:", f.read())
print("walk:", sorted(p.segmentsFrom(root) for p in docs.walk()))
print("walk, not into sub:", sorted(p.basename() for p in docs.walk(
    descend=lambda p: p.basename() != "sub")))
print("globChildren:", sorted(p.basename() for p in docs.globChildren("*.txt")))
print("children:", sorted(p.basename() for p in docs.children()))
print("parent of child is self:", docs.child("a.txt").parent() == docs)
print("listdir after setContent leaves no temporary:", sorted(docs.listdir()))
print("missing exists:", docs.child("missing").exists(), "isdir:", docs.isdir())
print("size:", docs.child("b.txt").getsize(), "splitext:", docs.child("c.rst").splitext()[1])
print("descendant:", docs.descendant(["sub", "d.txt"]).getContent())
for bad in ("../escape", "..", "sub/d.txt"):
    try:
        docs.child(bad)
    except filepath.InsecurePath:
        print("child", repr(bad), "-> InsecurePath")
try:
    docs.child("missing").getContent()
except FileNotFoundError:
    print("getContent of a missing file: FileNotFoundError")
try:
    docs.child("a.txt").children()
except filepath.UnlistableError:
    print("children of a file: UnlistableError")
root.remove()
print("removed:", root.exists())
