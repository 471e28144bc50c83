"""``lore lint`` as a command: options and exit statuses as ruff's, the project's own pages
clean, and the known defects of Twisted's tree found."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from twisted_tree import defects, project_copy

PROJECT = Path(__file__).resolve().parents[2]
PAGE = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>T</title></head>
<body>
<h1>T</h1>
<p style="color: red">A "quoted" word.</p>
</body>
</html>
"""
FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<code>L\d{3}) ",
                     re.M)


def run_lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lore lint`` as a process in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "lore", "lint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project whose one page has a style attribute (L004) and a straight quote (L003)."""
    (tmp_path / "howto").mkdir()
    (tmp_path / "howto" / "page.xhtml").write_text(PAGE)
    (tmp_path / "conf.py").write_text('lore_corpus = "howto"\n')
    return tmp_path


def codes(output: str) -> list[str]:
    """The codes of the finding lines of ``output``."""
    return [match["code"] for match in FINDING.finditer(output)]


def test_findings_exit_1_with_ruffs_summary(project):
    done = run_lint(cwd=project)  # no path: the corpus of conf.py
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "howto/page.xhtml:6:4: L004 style attribute on <p>: leave style to the site",
        "howto/page.xhtml:6:25: L003 straight quote in text: use <q> or typographic quotes",
        "Found 2 errors.",
    ]


def test_a_clean_page_exits_0(project):
    page = project / "howto" / "page.xhtml"
    page.write_text(PAGE.replace(' style="color: red"', "").replace('"quoted"', "<q>quoted</q>"))
    done = run_lint(str(page), cwd=project)
    assert (done.returncode, done.stdout) == (0, "All checks passed!\n")


@pytest.mark.parametrize(("options", "expected"), [
    (["--select", "L003"], ["L003"]),
    (["--select", "L00", "--ignore", "L003"], ["L004"]),
    (["--ignore", "L004"], ["L003"]),
    (["--select", "L003,L004"], ["L004", "L003"]),
    (["--select", "L003", "--select", "L004"], ["L004", "L003"]),
    (["--select", "ALL", "--ignore", "L00"], []),
    (["--select", "L1"], []),
])
def test_select_and_ignore_take_code_prefixes(project, options, expected):
    done = run_lint(*options, cwd=project)
    assert codes(done.stdout) == expected
    assert done.returncode == (1 if expected else 0)


@pytest.mark.parametrize("options", [["--select", "X1"], ["--ignore", "L2"], ["--nonsense"]])
def test_bad_usage_exits_2(project, options):
    done = run_lint(*options, cwd=project)
    assert done.returncode == 2
    assert "usage: lore" in done.stderr and done.stdout == ""


def test_an_unreadable_page_is_reported_whatever_is_selected(project):
    (project / "howto" / "broken.xhtml").write_text("<html><p>never closed</html>\n")
    done = run_lint("--select", "L004", cwd=project)
    assert done.returncode == 1
    assert codes(done.stdout) == ["L000", "L004"]
    assert done.stdout.startswith("howto/broken.xhtml:1:")


def test_every_code_has_its_check():
    from lore.lint.checks import CHECKS
    from lore.lint.codes import CODES

    # L000 is the reader's, L103 is resolved for all pages at once (lore.lint.api).
    assert sorted(CHECKS) == sorted(set(CODES) - {"L000", "L103"})


def test_help_lists_every_code():
    from lore.lint.codes import CODES

    done = run_lint("--help", cwd=PROJECT)
    assert done.returncode == 0
    for code, meaning in CODES.items():
        assert f"\n  {code}  {meaning}\n" in done.stdout


def test_the_projects_own_pages_are_clean():
    done = run_lint(cwd=PROJECT)
    assert (done.returncode, done.stdout.splitlines()[-1:]) == (0, ["All checks passed!"]), \
        done.stdout + done.stderr


@pytest.mark.shared("corpus/twisted-core")
def test_lint_finds_the_known_defects_of_twisteds_tree(tmp_path):
    root = project_copy(tmp_path / "tree")
    done = run_lint(cwd=root)
    assert done.returncode == 1, done.stderr
    found = Counter((m["path"], int(m["line"]), m["code"]) for m in FINDING.finditer(done.stdout))
    known = Counter((d.page, d.line, d.code) for d in defects())
    assert known - found == Counter(), done.stdout  # every known defect is found, in its place
    # Missing listings and links: those are all the tree has.
    assert (Counter({key: n for key, n in found.items() if key[2] in ("L010", "L102")})
            == Counter({key: n for key, n in known.items() if key[2] in ("L010", "L102")}))
