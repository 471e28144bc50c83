"""``lore build``: refresh the catalogs, then build one HTML site per language, in parallel.

Each language is its own ``sphinx-build`` process (Sphinx keeps one language per
environment), so a broken language fails alone and the others still build. A language
whose inputs (``lore.site.inputs``) are byte for byte those of its last successful build is
not started at all, and the catalog steps are skipped when their own inputs are unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import os
import runpy
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lore import config
from lore.catalogs import commands
from lore.site.inputs import catalog_fingerprint, fingerprint
from lore.site.languages import PSEUDO, SOURCE, display_name, site_languages
from lore.site.sitemap import write_sitemap

STAMP = ".lore-inputs"
CATALOG_STAMP = ".lore-catalogs"


@dataclass
class Outcome:
    """How one step or one language went."""

    name: str
    ok: bool
    seconds: float
    output: str


def lore_step(name: str, args: list[str], root: Path, say) -> Outcome:
    """Run one catalog sub-command in-process from ``root``, reporting a failure."""
    start = time.perf_counter()
    output = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(output), \
            contextlib.redirect_stderr(output):
        status = commands.run(args)
    outcome = Outcome(name, status == 0, time.perf_counter() - start, output.getvalue())
    if not outcome.ok:
        say(f"[{name}] FAILED\n{outcome.output.rstrip()}")
    return outcome


def prepare(root: Path, languages: list[str], say) -> list[Outcome]:
    """Extract the template, merge it into the catalogs, write the pseudo-locale, check each."""
    outcomes = [lore_step("extract", ["extract"], root, say)]
    if not outcomes[0].ok:
        return outcomes
    outcomes.append(lore_step("update", ["update"], root, say))
    outcomes.append(lore_step("pseudo", ["pseudo", PSEUDO], root, say))
    outcomes += [lore_step(language, ["check", "--lang", language], root, say)
                 for language in languages if language != SOURCE]
    say(f"[catalogs] extracted, updated and checked "
        f"({sum(o.seconds for o in outcomes):.1f} s)")
    return outcomes


def prepare_if_changed(root: Path, out: Path, settings: config.Settings, languages: list[str],
                       say) -> list[str]:
    """Run the catalog steps unless their inputs are those of their last clean run.

    Return the names of the steps that failed; a failure leaves no stamp, so that the next
    run reports it again.
    """
    stamp = out / CATALOG_STAMP
    if stamp.is_file() and stamp.read_text() == catalog_fingerprint(root, settings, languages):
        say("[catalogs] up to date")
        return []
    failed = [o.name for o in prepare(root, languages, say) if not o.ok]
    if failed:
        stamp.unlink(missing_ok=True)
    else:
        out.mkdir(parents=True, exist_ok=True)
        stamp.write_text(catalog_fingerprint(root, settings, languages))
    return failed


def sphinx_command(root: Path, out: Path, language: str, strict: bool = True) -> list[str]:
    """Return the ``sphinx-build`` command building ``language`` into ``out/language``.

    ``strict`` makes any warning fail the build (``-W``). Colour is off (``-N``): the output is
    captured and reported as text, and Sphinx would colour it whenever ``CI`` is set.
    """
    return [sys.executable, "-m", "sphinx", *(["-W"] if strict else []), "--keep-going", "-q",
            "-N", "-b", "html", "-D", f"language={language}",
            "-d", str(doctree_dir(out, language)), str(root), str(out / language)]


def doctree_dir(out: Path, language: str) -> Path:
    """Return where Sphinx keeps the environment of ``language`` built into ``out``."""
    return out.parent / "doctrees" / language


def run_sphinx(command: list[str], cwd: Path) -> tuple[int, str]:
    """Run a ``sphinx-build`` command in a process of its own; return its status and output."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def build_language(root: Path, out: Path, language: str, inputs: str, say,
                   strict: bool = True, sphinx=run_sphinx) -> Outcome:
    """Build one language's site unless its ``inputs`` fingerprint is unchanged.

    Not ``strict``, warnings are printed but do not fail the language. A build that warned
    leaves no Sphinx environment behind: Sphinx warns about a page only when it reads it, so
    the next build re-reads every page and reports its warnings again. ``sphinx`` runs the
    ``sphinx-build`` command (``lore serve`` runs it in processes that have Sphinx loaded).
    """
    inputs += "" if strict else " (warnings allowed)"
    stamp = out / language / STAMP
    if stamp.is_file() and stamp.read_text() == inputs:
        say(f"[{language}] up to date")
        return Outcome(language, True, 0.0, "")
    say(f"[{language}] building")
    stamp.unlink(missing_ok=True)  # an interrupted build must not pass for the last good one
    start = time.perf_counter()
    status, output = sphinx(sphinx_command(root, out, language, strict), root)
    outcome = Outcome(language, status == 0, time.perf_counter() - start, output)
    say(f"[{language}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
    if outcome.ok:
        stamp.write_text(inputs)
    if outcome.output.strip():
        shutil.rmtree(doctree_dir(out, language), ignore_errors=True)
        say(outcome.output.rstrip())
    return outcome


def write_index(out: Path, languages: list[str], root_doc: str, title: str) -> None:
    """Write ``out/index.html``: a page leading to each language's site."""
    items = "\n".join(
        f'    <li><a lang="{code}" hreflang="{code}" href="{code}/{root_doc}.html">'
        f"{html.escape(display_name(code))}</a></li>" for code in languages)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8" /><link rel="icon" href="data:," />
<title>{html.escape(title)}</title></head>
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
          say=print, strict: bool = True, sphinx=run_sphinx) -> int:
    """Prepare the catalogs and build every language; return 0 only if everything built.

    A language whose catalog fails ``lore check`` fails, but its site is still built:
    translations that fail the check are left out of its pages anyway.
    """
    settings = config.load(root / "conf.py")
    conf = runpy.run_path(str(root / "conf.py"))
    chosen = languages or site_languages(settings.languages)
    failed = prepare_if_changed(root, out, settings, chosen, say)
    from lore.site.sphinx import api  # Sphinx is imported only when a build runs

    # once, before the languages' processes read it
    api.generate(root, settings.corpus, not settings.api_baseurl, settings.api_package)
    documented = None if settings.api_baseurl else settings.api_package
    workers = max(1, min(jobs or os.cpu_count() or 1, len(chosen)))

    def one(language: str) -> Outcome:
        inputs = fingerprint(root, conf, settings, language, documented)
        return build_language(root, out, language, inputs, say, strict, sphinx)

    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(one, chosen))
    failed += [o.name for o in outcomes if not o.ok and o.name not in failed]
    write_index(out, chosen, conf.get("root_doc", "index"), conf.get("project", "Documentation"))
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    write_sitemap(out, site_languages(settings.languages), conf.get("html_baseurl", ""))
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
    parser.add_argument("--allow-warnings", action="store_true",
                        help="print Sphinx's warnings without failing the language (no -W)")
    parser.set_defaults(handler=main)


def terminal_say():
    """Return a function printing whole lines to stdout, one thread at a time."""
    lock = threading.Lock()

    def say(line: str) -> None:
        with lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    return say


def main(args: argparse.Namespace) -> int:
    """Run ``lore build`` from the current folder."""
    root = Path.cwd()
    return build(root, root / args.output, args.lang, args.jobs, say=terminal_say(),
                 strict=not args.allow_warnings)
