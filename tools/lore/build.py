"""``lore build``: refresh the catalogs, then build one HTML site per language, in parallel.

Each language is its own ``sphinx-build`` process (Sphinx keeps one language per
environment), so a broken language fails alone and the others still build.
"""

from __future__ import annotations

import argparse
import html
import os
import runpy
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lore import config
from lore.sphinx import api, switcher

PREPARE_STEPS = (("extract",), ("update",), ("check",))


@dataclass
class Outcome:
    """How one step or one language went."""

    name: str
    ok: bool
    seconds: float
    output: str


def available_commands() -> set[str]:
    """Return the sub-commands the ``lore`` command line offers."""
    from lore.cli import build_parser

    parser = build_parser()
    for action in parser._subparsers._group_actions:  # argparse keeps sub-commands here
        return set(action.choices)
    return set()


def run(name: str, command: list[str], cwd: Path) -> Outcome:
    """Run ``command`` in ``cwd``; return its outcome with the combined output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return Outcome(name, done.returncode == 0, time.perf_counter() - start,
                   done.stdout + done.stderr)


def lore_command(*args: str) -> list[str]:
    """Return the command line running ``lore ARGS`` with this interpreter."""
    return [sys.executable, "-m", "lore", *args]


def prepare(root: Path, say) -> list[Outcome]:
    """Run extract, update and check (those the command line has yet); return their outcomes."""
    commands = available_commands()
    outcomes = []
    for step in PREPARE_STEPS:
        if step[0] not in commands:
            say(f"[{step[0]}] not available yet: skipped")
            continue
        outcome = run(step[0], lore_command(*step), root)
        say(f"[{step[0]}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
        if not outcome.ok:
            say(outcome.output.rstrip())
        outcomes.append(outcome)
    if "pseudo" in commands:
        outcomes.append(run("pseudo", lore_command("pseudo", switcher.PSEUDO), root))
    return outcomes


def sphinx_command(root: Path, out: Path, language: str) -> list[str]:
    """Return the ``sphinx-build`` command building ``language`` into ``out/language``."""
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
            "-D", f"language={language}", "-d", str(out.parent / "doctrees" / language),
            str(root), str(out / language)]


def build_language(root: Path, out: Path, language: str, say) -> Outcome:
    """Build one language's site, reporting its start and its end."""
    say(f"[{language}] building")
    outcome = run(language, sphinx_command(root, out, language), root)
    say(f"[{language}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
    if not outcome.ok:
        say(outcome.output.rstrip())
    return outcome


def site_languages(settings: config.Settings) -> list[str]:
    """Return the languages of the site: source, configured, pseudo."""
    extra = [lang for lang in settings.languages if lang not in (switcher.SOURCE, switcher.PSEUDO)]
    return [switcher.SOURCE, *extra, switcher.PSEUDO]


def write_index(out: Path, languages: list[str], root_doc: str, title: str) -> None:
    """Write ``out/index.html``: a page leading to each language's site."""
    items = "\n".join(
        f'    <li><a lang="{code}" hreflang="{code}" href="{code}/{root_doc}.html">'
        f"{html.escape(switcher.display_name(code))}</a></li>" for code in languages)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8" /><title>{html.escape(title)}</title></head>
<body>
  <h1>{html.escape(title)}</h1>
  <ul class="lore-languages">
{items}
  </ul>
  <p><a href="{languages[0]}/lore-status.html">Translation status</a></p>
</body>
</html>
""", encoding="utf-8")


def build(root: Path, out: Path, languages: list[str] | None = None, jobs: int | None = None,
          say=print) -> int:
    """Prepare the catalogs and build every language; return 0 only if everything built."""
    settings = config.load(root / "conf.py")
    chosen = languages or site_languages(settings)
    failed = [o.name for o in prepare(root, say) if not o.ok]
    api.install_alias()
    api.generate(root, settings.corpus)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(chosen)))
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(lambda lang: build_language(root, out, lang, say), chosen))
    failed += [o.name for o in outcomes if not o.ok]
    names = runpy.run_path(str(root / "conf.py"))
    write_index(out, chosen, names.get("root_doc", "index"), names.get("project", "Documentation"))
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    say(f"built {len(chosen)} languages into {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``build`` sub-command to the ``lore`` command line."""
    parser = sub.add_parser(
        "build", help="build the HTML site of every language into _build/html/LANG",
        description="Extract, update and check the catalogs, then build the source language, "
                    "every language of conf.py's lore_languages and the pseudo-locale qps, "
                    "one sphinx-build process per language.")
    parser.add_argument("--lang", action="append", help="build only this language (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, help="parallel builds (default: CPU count)")
    parser.add_argument("-o", "--output", default="_build/html", help="output folder")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Run ``lore build`` from the current folder."""
    root = Path.cwd()
    return build(root, root / args.output, args.lang, args.jobs,
                 say=lambda line: print(line, flush=True))
