"""``FilePath``, mirroring ``twisted.python.filepath``: a path as an object.

A FilePath holds an absolute ``path`` (text or bytes, as given) and answers questions
about it (``exists``, ``isdir``), moves through the tree (``child``, ``sibling``,
``parent``, ``walk``, ``globChildren``) and reads or writes the file (``open``,
``getContent``, ``setContent``, which replaces the file atomically).
"""

import base64
import errno
import glob
import os
import shutil
from collections.abc import Callable, Iterator
from functools import total_ordering
from typing import IO, Any, AnyStr


class InsecurePath(Exception):
    """The name given to ``child`` would lead outside the path (a separator or ``..``)."""


class LinkError(Exception):
    """``walk`` found a link back to a folder it is already inside."""


class UnlistableError(OSError):
    """The folder's children cannot be listed (it is no folder, or not readable)."""

    def __init__(self, originalException: OSError) -> None:
        super().__init__(originalException.errno, originalException.strerror)
        self.originalException = originalException


def _like(value: str | bytes, example: str | bytes) -> Any:
    """``value`` as text if ``example`` is text, as bytes if it is bytes."""
    if isinstance(example, bytes):
        return os.fsencode(value)
    return os.fsdecode(value)


def _secureEnoughString(like: str | bytes) -> Any:
    """A random name part (16 bytes of randomness, made safe for a file name)."""
    text = base64.b32encode(os.urandom(10)).decode("ascii").lower()
    return _like(text, like)


@total_ordering
class FilePath:
    """A path on the local file system; ``path`` is absolute."""

    def __init__(self, path: AnyStr, alwaysCreate: bool = False) -> None:
        self.path: Any = os.path.abspath(path)
        self.alwaysCreate = alwaysCreate

    def __repr__(self) -> str:
        return f"FilePath({self.path!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return self.path == other.path

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return self.path < other.path

    def __hash__(self) -> int:
        return hash((FilePath, self.path))

    def clonePath(self, path: AnyStr, alwaysCreate: bool = False) -> "FilePath":
        """A FilePath of the same class for ``path``."""
        return type(self)(path, alwaysCreate)

    # -- moving through the tree -----------------------------------------------------------------

    def child(self, path: AnyStr) -> "FilePath":
        """The child called ``path``; InsecurePath if that would not be a direct child."""
        normal = os.path.normpath(path)
        ours = _like(self.path, path)
        if _like(os.sep, path) in normal:
            raise InsecurePath(f"{path!r} contains one or more directory separators")
        newPath = os.path.abspath(os.path.join(ours, normal))
        if not newPath.startswith(ours):
            raise InsecurePath(f"{newPath!r} is not a child of {ours!r}")
        return self.clonePath(newPath)

    def preauthChild(self, path: AnyStr) -> "FilePath":
        """The descendant at relative ``path`` (separators allowed), not outside us."""
        ours = _like(self.path, path)
        newPath = os.path.abspath(os.path.join(ours, os.path.normpath(path)))
        if not newPath.startswith(ours):
            raise InsecurePath(f"{newPath!r} is not a child of {ours!r}")
        return self.clonePath(newPath)

    def descendant(self, segments: list[AnyStr]) -> "FilePath":
        """The descendant reached through ``segments``, each a child name."""
        path = self
        for segment in segments:
            path = path.child(segment)
        return path

    def sibling(self, path: AnyStr) -> "FilePath":
        """The path called ``path`` in our parent folder."""
        return self.parent().child(path)

    def siblingExtension(self, ext: AnyStr) -> "FilePath":
        """Our path with ``ext`` appended (``x.txt`` to ``x.txt.bak``)."""
        return self.clonePath(self.path + _like(ext, self.path))

    def parent(self) -> "FilePath":
        """The folder we are in (the root's parent is the root)."""
        return self.clonePath(os.path.dirname(self.path))

    def parents(self) -> Iterator["FilePath"]:
        """Our parent, its parent, and so on up to the root."""
        path = self
        while (parent := path.parent()) != path:
            yield parent
            path = parent

    def children(self) -> list["FilePath"]:
        """Our children; UnlistableError if we are not a listable folder."""
        try:
            names = os.listdir(self.path)
        except OSError as e:
            raise UnlistableError(e) from e
        return [self.child(name) for name in names]

    def listdir(self) -> list[Any]:
        """The names of our children."""
        return os.listdir(self.path)

    def walk(self, descend: Callable[["FilePath"], bool] | None = None) -> Iterator["FilePath"]:
        """Us, then every descendant, depth first; ``descend(folder)`` false skips what is
        inside that folder. LinkError on a link back up the tree."""
        yield self
        if not self.isdir():
            return
        for child in self.children():
            if descend is not None and not descend(child):
                yield child
                continue
            for descendant in child.walk(descend):
                if os.path.realpath(self.path).startswith(os.path.realpath(descendant.path)):
                    raise LinkError("Cycle in file graph.")
                yield descendant

    def globChildren(self, pattern: AnyStr) -> list["FilePath"]:
        """Our children whose names match the glob ``pattern``."""
        ours = _like(self.path, pattern)
        return [self.clonePath(p) for p in glob.glob(os.path.join(ours, pattern))]

    def segmentsFrom(self, ancestor: "FilePath") -> list[Any]:
        """The names leading from ``ancestor`` down to us; ValueError if it is not one."""
        segments = []
        path = self
        while path != ancestor:
            parent = path.parent()
            if parent == path:
                raise ValueError(f"{ancestor!r} is not an ancestor of {self!r}")
            segments.append(path.basename())
            path = parent
        return segments[::-1]

    def basename(self) -> Any:
        """The last component of the path."""
        return os.path.basename(self.path)

    def dirname(self) -> Any:
        """The path without its last component."""
        return os.path.dirname(self.path)

    def splitext(self) -> tuple[Any, Any]:
        """The path split before its extension, as ``os.path.splitext`` does."""
        return os.path.splitext(self.path)

    def realpath(self) -> "FilePath":
        """The path with every symbolic link resolved."""
        return self.clonePath(os.path.realpath(self.path))

    # -- what is there ---------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether something is at the path (a broken link counts as nothing)."""
        return os.path.exists(self.path)

    def isdir(self) -> bool:
        """Whether the path is a folder (or a link to one)."""
        return os.path.isdir(self.path)

    def isfile(self) -> bool:
        """Whether the path is a regular file (or a link to one)."""
        return os.path.isfile(self.path)

    def islink(self) -> bool:
        """Whether the path is a symbolic link."""
        return os.path.islink(self.path)

    def isabs(self) -> bool:
        """Always True: the path is absolute."""
        return os.path.isabs(self.path)

    def getsize(self) -> int:
        """The file's size in bytes."""
        return os.stat(self.path).st_size

    def getModificationTime(self) -> float:
        """When the file was last modified, in seconds since the epoch."""
        return os.stat(self.path).st_mtime

    # -- contents --------------------------------------------------------------------------------

    def open(self, mode: str = "r") -> IO[bytes]:
        """Open the file, always in binary mode (``"r"``, ``"w"``, ``"a"``...)."""
        if self.alwaysCreate:
            if "a" in mode:
                raise ValueError("Appending not supported when alwaysCreate == True")
            return self.create()
        return open(self.path, mode.replace("b", "") + "b")

    def create(self) -> IO[bytes]:
        """Create the file, which must not exist yet, and open it for writing."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        return os.fdopen(fd, "w+b")

    def getContent(self) -> bytes:
        """The whole file, as bytes."""
        with self.open() as f:
            return f.read()

    def setContent(self, content: bytes, ext: str | bytes = ".new") -> None:
        """Make ``content`` the file's whole content, in one atomic step (written to a
        temporary sibling ending with ``ext``, then renamed over the file)."""
        temporary = self.temporarySibling(ext)
        with temporary.open("w") as f:
            f.write(content)
        os.rename(temporary.path, self.path)

    def temporarySibling(self, extension: str | bytes | None = None) -> "FilePath":
        """A sibling with a random name (ending with ``extension``) that does not exist."""
        ext = _like(extension or "", self.path)
        name = _secureEnoughString(self.path) + self.basename() + ext
        return self.sibling(name)

    def touch(self) -> None:
        """Create the file if it is missing, and set its times to now."""
        try:
            self.open("a").close()
        except OSError:
            pass
        os.utime(self.path, None)

    def makedirs(self, ignoreExistingDirectory: bool = False) -> None:
        """Create the folder and its missing parents."""
        try:
            os.makedirs(self.path)
        except OSError as e:
            if not (ignoreExistingDirectory and e.errno == errno.EEXIST and self.isdir()):
                raise

    def createDirectory(self) -> None:
        """Create the folder (its parent must exist)."""
        os.mkdir(self.path)

    def remove(self) -> None:
        """Remove the file, or the folder and everything in it."""
        if self.isdir() and not self.islink():
            for child in self.children():
                child.remove()
            os.rmdir(self.path)
        else:
            os.remove(self.path)

    def moveTo(self, destination: "FilePath", followLinks: bool = True) -> None:
        """Move to ``destination`` (across file systems too)."""
        shutil.move(self.path, destination.path)

    def copyTo(self, destination: "FilePath", followLinks: bool = True) -> None:
        """Copy the file, or the folder and what is in it, to ``destination``."""
        if self.isdir():
            shutil.copytree(self.path, destination.path, symlinks=not followLinks)
        else:
            shutil.copyfile(self.path, destination.path, follow_symlinks=followLinks)

    def asBytesMode(self) -> "FilePath":
        """The same path, as bytes."""
        return self.clonePath(os.fsencode(self.path))

    def asTextMode(self) -> "FilePath":
        """The same path, as text."""
        return self.clonePath(os.fsdecode(self.path))
