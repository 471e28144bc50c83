"""Time ``lore lint`` against ``lore extract`` on the same pages, as whole processes.

Three cases, each run in one project: Twisted's core tree (``../shared/corpus/twisted-core``, all
its ``.xhtml`` pages) built as a Lore tree whose API names link to an API site (so lint checks
no API name, as ``tests/sphinx/test_twisted_tree.py`` builds it); the same tree with its API
names checked against refreactor; and this project's own pages (API names checked). lint runs
twice: as an author runs it again and again (parse results of unchanged code kept from the
last run, ``lint/cache.py``) and with ``--no-cache`` (everything parsed anew). Commands take
turns, round after round; the best wall and CPU time of each is kept.
Usage: ``python benchmarks/lint_vs_extract.py [ROUNDS | --smallest]`` (``--smallest``: one
round, the smallest run, a check that the benchmark still works).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import rounds_argument, timed

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus" / "twisted-core"
TREE_CONF = """\
project = "Twisted Core"
extensions = ["lore.sphinx"]
source_suffix = {".xhtml": "lore-xhtml"}
root_doc = "howto/index"
exclude_patterns = ["_build", "locale"]
lore_corpus = ["howto", "examples/index.xhtml"]
"""
API_SITE = 'lore_api_baseurl = "https://docs.example.org/twisted-13.2/api/%s.html"\n'


def tree_copy(folder: Path, name: str, conf: str) -> Path:
    """A copy of the Twisted tree as a project with ``conf`` as its conf.py."""
    root = folder / name
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns("expected"))
    (root / "conf.py").write_text(conf)
    return root


def cases(folder: Path) -> dict[str, Path]:
    """Each case's project folder, by a name that says how many pages it has."""
    found = {}
    if CORPUS.is_dir():
        pages = len(list(CORPUS.glob("howto/**/*.xhtml"))) + 1  # + examples/index.xhtml
        found[f"Twisted tree ({pages} pages), API site"] = tree_copy(folder, "site",
                                                                     TREE_CONF + API_SITE)
        found[f"Twisted tree ({pages} pages), API on refreactor"] = tree_copy(folder, "ref",
                                                                              TREE_CONF)
    found[f"this project ({len(list(PROJECT.glob('howto/*.xhtml')))} pages)"] = PROJECT
    return found


def main() -> None:
    """Print each case's times and lint's speed against extract (above 1.0: lint is faster)."""
    rounds = rounds_argument(__doc__.splitlines()[0])
    lore = str(Path(sys.executable).parent / "lore")
    # Byte-compiled first, as an installed package is: under PYTHONDONTWRITEBYTECODE every run
    # would compile lore, and refreactor (the package API names are checked in), from source.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "tools" / "lore"),
                    str(PROJECT / "tools" / "refreactor")], check=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        commands = {(case, tool): (command, root)
                    for case, root in cases(folder).items()
                    for tool, command in (("lint", [lore, "lint"]),
                                          ("lint --no-cache", [lore, "lint", "--no-cache"]),
                                          ("extract", [lore, "extract", "-o",
                                                       str(folder / "out.pot")]))}
        best = dict.fromkeys(commands, (float("inf"), float("inf")))
        for _ in range(rounds):
            for key, (command, root) in commands.items():
                wall, cpu = timed([command], root, accept=(0, 1))  # lint's 1: findings
                best[key] = (min(best[key][0], wall), min(best[key][1], cpu))
    print(f"best of {rounds} runs each; above 1.0x lint is faster than extract")
    for case, tool in commands:
        if tool == "lint":
            print(f"{case}:{'wall':>{52 - len(case)}} {'cpu':>6}   vs extract: wall  cpu")
        wall, cpu = best[(case, tool)]
        line = f"  {tool:17} {wall * 1000:31.0f} ms {cpu * 1000:3.0f} ms"
        if tool != "extract":
            peer_wall, peer_cpu = best[(case, "extract")]
            line += f" {peer_wall / wall:13.2f}x {peer_cpu / cpu:4.2f}x"
        print(line)


if __name__ == "__main__":
    main()
