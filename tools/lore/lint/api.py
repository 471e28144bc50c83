"""L103: every API reference names something in the package the corpus documents.

The names of all pages are resolved by `lore.api_resolver` (the examples' ``::api`` test runs it
too) in a process of its own, started before the pages are read; each page's names are handed
to it as soon as the page is checked (`ApiCheck.send`, from whichever worker checked it), so
that importing the package, most of the cost, overlaps the checks of the other pages. What it
found is kept for the next run (`lore.lint.cache`) with the package's fingerprint, the size and
time of each of its files: while they and the names stay the same, nothing is imported again.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterable
from importlib.util import find_spec

from lore import api_resolver
from lore.lint import cache
from lore.lint.checks import ApiRef, Finding


class ResolverError(Exception):
    """The resolver process failed: its error output says why."""


def start(package: str) -> subprocess.Popen:
    """Start the resolver for ``package`` (``refreactor``, ``twisted``...); names come later."""
    return subprocess.Popen(
        [sys.executable, api_resolver.__file__, package],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def fingerprint(package: str) -> tuple:
    """Each file of ``package`` with its size and modification time (empty: not installed)."""
    spec = find_spec(package)  # finds the package without importing it
    if spec is None:
        return ()
    files = []
    for root in spec.submodule_search_locations or [spec.origin or ""]:
        for folder, subfolders, names in os.walk(root):
            subfolders.sort()
            for name in sorted(names):
                if name.endswith(".py"):
                    status = os.stat(os.path.join(folder, name))
                    files.append((folder, name, status.st_size, status.st_mtime_ns))
    return (package, tuple(files))


class ApiCheck:
    """One run's check of API names: what the last run found, or a resolver started early."""

    def __init__(self, package: str, use_cache: bool) -> None:
        self.package = package
        self.use_cache = use_cache
        self.fingerprint = fingerprint(package) if use_cache else ()  # (a walk of its files)
        last = cache.load("api") if use_cache else {}
        self.last = last if last.get("fingerprint") == self.fingerprint else {}
        self.resolver = None if self.last else start(package)

    def send(self, names: Iterable[str]) -> None:
        """Hand ``names`` to the resolver started early, if any (from any worker process: each
        write holds whole lines, at most ``PIPE_BUF`` bytes, which the system keeps whole)."""
        if self.resolver is None or self.resolver.stdin is None:
            return
        batch, encoding = b"", self.resolver.stdin.encoding  # (as communicate() would write)
        for name in names:
            line = name.encode(encoding) + b"\n"
            if batch and len(batch) + len(line) > select.PIPE_BUF:
                self._write(batch)
                batch = b""
            batch += line
        if batch:
            self._write(batch)

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.resolver.stdin.fileno(), data)
        except BrokenPipeError:
            pass  # the resolver failed: findings() reports its error

    def findings(self, refs: Iterable[ApiRef], timeout: float) -> list[Finding]:
        """A finding for each reference that names nothing; raise ResolverError if resolving
        fails."""
        refs = list(refs)
        names = sorted({ref.name for ref in refs})
        known = set(self.last.get("names", ()))
        if set(names) <= known:
            missing = {name: self.last["missing"][name] for name in names
                       if name in self.last["missing"]}
        else:  # a resolver started early has every name already (send)
            missing = (resolve(self.resolver, [], timeout) if self.resolver is not None else
                       resolve(start(self.package), names, timeout))
            if self.use_cache:  # what the last runs resolved stays true: same package files
                cache.save("api", {"fingerprint": self.fingerprint,
                                   "names": sorted(known | set(names)),
                                   "missing": {**self.last.get("missing", {}), **missing}})
        return [Finding(ref.path, ref.line, ref.column, "L103",
                        f"API name {ref.name!r} names nothing in {self.package} "
                        f"({missing[ref.name]})")
                for ref in refs if ref.name in missing]


def resolve(resolver: subprocess.Popen, names: list[str], timeout: float) -> dict[str, str]:
    """Hand ``names`` to ``resolver`` (if any left to hand), end its input; return the names it
    was given that name nothing, with why."""
    try:
        out, err = resolver.communicate("\n".join(names) or None, timeout=timeout)
    except subprocess.TimeoutExpired:
        resolver.kill()
        resolver.wait()
        raise ResolverError(f"resolving API names took over {timeout:g} s") from None
    if resolver.returncode != 0:
        raise ResolverError(f"resolving API names failed:\n{err}")
    return json.loads(out)
