"""How ``lore lint`` prints its findings: one ``path:line:col: CODE message`` line each, as
ruff and flake8 do, then a summary line."""

from __future__ import annotations

from collections.abc import Iterable

from lore.lint.checks import Finding


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """The findings by file and place, each once (two pages may show the same listing)."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.code, f.message))


def summary(count: int) -> str:
    """The last line: how many findings, as ruff words it."""
    if count == 0:
        return "All checks passed!"
    return f"Found {count} error{'' if count == 1 else 's'}."
