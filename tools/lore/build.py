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

from lore import config, site


@dataclass
class Outcome:
    """How one step or one language went."""

    name: str
    ok: bool
    seconds: float
    output: str


def run(name: str, command: list[str], cwd: Path) -> Outcome:
    """Run ``command`` in ``cwd``; return its outcome with the combined output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return Outcome(name, done.returncode == 0, time.perf_counter() - start,
                   done.stdout + done.stderr)


def lore_command(*args: str) -> list[str]:
    """Return the command line running ``lore ARGS`` with this interpreter."""
    return [sys.executable, "-m", "lore", *args]


def step(name: str, args: list[str], root: Path, say) -> Outcome:
    """Run one ``lore`` sub-command in ``root``, reporting how it went."""
    outcome = run(name, lore_command(*args), root)
    say(f"[{name}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
    if not outcome.ok:
        say(outcome.output.rstrip())
    return outcome


def prepare(root: Path, say) -> list[Outcome]:
    """Bring the catalogs up to date: extract the template, merge it, write the pseudo-locale."""
    outcomes = [step("extract", ["extract"], root, say)]
    if outcomes[0].ok:
        outcomes.append(step("update", ["update"], root, say))
        outcomes.append(step("pseudo", ["pseudo", site.PSEUDO], root, say))
    return outcomes


def sphinx_command(root: Path, out: Path, language: str) -> list[str]:
    """Return the ``sphinx-build`` command building ``language`` into ``out/language``."""
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
            "-D", f"language={language}", "-d", str(out.parent / "doctrees" / language),
            str(root), str(out / language)]


def build_language(root: Path, out: Path, language: str, say) -> Outcome:
    """Check the language's catalog, then build its site; report its start and its end.

    A catalog that fails ``lore check`` fails the language, but the site is still built:
    translations that fail the check are left out of the pages anyway.
    """
    say(f"[{language}] building")
    checked = None
    if language != site.SOURCE:
        checked = run(f"{language} check", lore_command("check", "--lang", language), root)
    outcome = run(language, sphinx_command(root, out, language), root)
    if checked is not None and not checked.ok:
        outcome = Outcome(language, False, outcome.seconds + checked.seconds,
                          checked.output + outcome.output)
    say(f"[{language}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
    if not outcome.ok:
        say(outcome.output.rstrip())
    return outcome


def write_index(out: Path, languages: list[str], root_doc: str, title: str) -> None:
    """Write ``out/index.html``: a page leading to each language's site."""
    items = "\n".join(
        f'    <li><a lang="{code}" hreflang="{code}" href="{code}/{root_doc}.html">'
        f"{html.escape(site.display_name(code))}</a></li>" for code in languages)
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
    chosen = languages or site.site_languages(settings.languages)
    failed = [o.name for o in prepare(root, say) if not o.ok]
    from lore.sphinx import api  # Sphinx is imported only when a build runs

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
