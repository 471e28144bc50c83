"""The copy of the built site that ``lore serve`` serves, updated only from whole builds.

``lore build`` writes each language in place, so a build in progress, or one that failed,
leaves a folder that is partly new and partly old. The server reads this copy instead; a
language's folder is copied in once its build succeeded, each file replaced atomically, so a
reader gets the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
from pathlib import Path

from lore.files import write_atomic


class Mirror:
    """A folder kept equal to chosen parts of a built site; it reports what each update changed."""

    def __init__(self, source: Path, target: Path) -> None:
        self.source = source
        self.target = target
        # (size, mtime) of each source file when last copied: an unchanged file is not read.
        self.copied: dict[str, tuple[int, int]] = {}

    def update(self, part: str) -> list[str]:
        """Make ``target/part`` a copy of ``source/part`` (a folder or a file).

        Return the paths (relative to the site, with ``/``) whose content changed, appeared or
        went away.
        """
        source, target = self.source / part, self.target / part
        wanted = _files(source)
        changed = [name for name in wanted if self._copy(source, target, name, part)]
        for name in _files(target).keys() - wanted.keys():
            (target / name).unlink() if name else target.unlink()
            self.copied.pop(_join(part, name), None)
            changed.append(name)
        return sorted(_join(part, name) for name in changed)

    def _copy(self, source: Path, target: Path, name: str, part: str) -> bool:
        """Copy one file unless the target already holds its bytes; say whether it changed."""
        origin, copy = source / name, target / name
        stat = origin.stat()
        key = _join(part, name)
        if self.copied.get(key) == (stat.st_size, stat.st_mtime_ns) and copy.is_file():
            return False
        data = origin.read_bytes()
        same = copy.is_file() and copy.stat().st_size == len(data) and copy.read_bytes() == data
        if not same:
            write_atomic(copy, data, durable=False)
        self.copied[key] = (stat.st_size, stat.st_mtime_ns)
        return not same


def _files(path: Path) -> dict[str, Path]:
    """The files below a folder by relative name ('' for ``path`` itself when it is a file)."""
    if path.is_file():
        return {"": path}
    found = {}
    for folder, _, names in os.walk(path):
        for name in names:
            if not name.startswith("."):  # stamps, and temporary files of atomic writes
                full = Path(folder, name)
                found[full.relative_to(path).as_posix()] = full
    return found


def _join(part: str, name: str) -> str:
    return f"{part}/{name}" if name else part
