"""The package's layout: jobs over a shared base, and no import circle among lore's modules.

Every ``import`` counts, those inside functions too: a circle through a lazy import is still
two modules that cannot be understood one without the other.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "lore"
# What each part may import from lore (besides itself). The shared base imports no job.
ALLOWED = {
    "base": {"base"},
    "catalogs": {"base"},
    "examples": {"base"},
    "site": {"base", "catalogs"},
    "lint": {"base"},  # a job beside the others: it reads pages and listings, runs no catalog
    "cli": {"base", "cli"},  # it finds the jobs' commands by name: each loads only when run
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The lore modules that the module ``name`` at ``path`` imports, anywhere in it."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # ``from package import module`` depends on that module; ``from module import name``
            # on the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known}
    return found - {name}


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported(path, name, set(paths)) for name, path in paths.items()}


def part(module: str) -> str:
    second = module.split(".")[1] if "." in module else ""
    aliases = {"__main__": "cli", "sphinx": "site"}  # ``python -m lore``; conf.py's extension name
    second = aliases.get(second, second)
    return second if second in ("catalogs", "examples", "lint", "site", "cli") else "base"


def test_no_import_circle_among_lores_modules():
    edges = graph()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                pytest.fail("import circle: " + " -> ".join(path[path.index(target):] +
                                                            [module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])


def test_each_job_imports_only_the_base_and_the_jobs_before_it():
    wrong = [f"{module} imports {target}" for module, targets in sorted(graph().items())
             for target in sorted(targets)
             if part(target) not in ALLOWED[part(module)] | {part(module)}]
    assert wrong == []


def test_lore_extract_loads_no_catalog_site_or_runner_code(tmp_path):
    import subprocess

    page = tmp_path / "page.xhtml"
    page.write_text('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                    "<head><title>T</title></head><body><p>Hello.</p></body></html>")
    probe = ("import sys, runpy; sys.argv = ['lore', 'extract', '-o', 'out.pot', 'page.xhtml']\n"
             "from lore.cli import main\nstatus = main()\n"
             "print(sorted(m for m in sys.modules if m.startswith(('lore', 'sphinx', 'babel',"
             " 'lxml', 'docutils'))))\nraise SystemExit(status)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
    # quality_codes: the constants `lore check --help` lists, with no import of its own
    assert loaded == {"lore", "lore.argparsing", "lore.catalogs", "lore.catalogs.commands",
                      "lore.catalogs.extract", "lore.catalogs.potfile", "lore.cli",
                      "lore.catalogs.quality_codes",
                      "lore.config", "lore.files", "lore.forkmap", "lore.xhtml"}
