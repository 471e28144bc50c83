"""L103: every API reference names something in the package the corpus documents.

The names of all pages are resolved at once by `lore.api_resolver` (the examples' ``::api``
test runs it too) in a process of its own, started before the pages are read so that its
start-up overlaps their checks: importing the package is most of the cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable

from lore import api_resolver
from lore.lint.checks import ApiRef, Finding


class ResolverError(Exception):
    """The resolver process failed: its error output says why."""


def start(package: str) -> subprocess.Popen:
    """Start the resolver for ``package`` (``refreactor``, ``twisted``...); names come later."""
    return subprocess.Popen(
        [sys.executable, api_resolver.__file__, package],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def findings(resolver: subprocess.Popen, refs: Iterable[ApiRef], package: str,
             timeout: float) -> list[Finding]:
    """Hand the references' names to ``resolver``; a finding for each one that names nothing."""
    refs = list(refs)
    try:
        out, err = resolver.communicate("\n".join(sorted({ref.name for ref in refs})),
                                        timeout=timeout)
    except subprocess.TimeoutExpired:
        resolver.kill()
        resolver.wait()
        raise ResolverError(f"resolving API names took over {timeout:g} s") from None
    if resolver.returncode != 0:
        raise ResolverError(f"resolving API names failed:\n{err}")
    missing = json.loads(out)
    return [Finding(ref.path, ref.line, ref.column, "L103",
                    f"API name {ref.name!r} names nothing in {package} ({missing[ref.name]})")
            for ref in refs if ref.name in missing]
