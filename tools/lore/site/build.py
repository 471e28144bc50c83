"""``lore build``: refresh the catalogs, then build each language's site, PDF and ePub.

Each language is its own process (Sphinx keeps one language per environment; see
``lore.site.formats``), so a broken language fails alone and the others still build. Each is
built beside its published folder and swapped in only when complete (``lore.site.publish``).
A language whose inputs (``lore.site.inputs``) are byte for byte those of its last successful
build is not started at all, and the catalog steps are skipped when their own inputs are
unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import html
import io
import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from ctypes.util import find_library
from dataclasses import dataclass
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from lore import config
from lore.catalogs import commands
from lore.files import write_atomic
from lore.site.formats import FORMATS
from lore.site.inputs import catalog_fingerprints, fingerprint, template_fingerprint
from lore.site.languages import PSEUDO, SOURCE, display_name, site_languages
from lore.site.publish import build_lock, discard, publish, stage, staging_dir
from lore.site.sitemap import write_sitemap

STAMP = ".lore-inputs"
CATALOG_STAMP = ".lore-catalogs"
UNFINISHED = ".lore-unfinished"


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
    collecting = gc.isenabled()
    try:
        with contextlib.chdir(root), contextlib.redirect_stdout(output), \
                contextlib.redirect_stderr(output):
            status = commands.run(args)
    finally:  # `lore extract` turns the collector off for its short process; not for ours
        if collecting:
            gc.enable()
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
    outcomes += check_steps(root, languages, say)
    say(f"[catalogs] extracted, updated and checked "
        f"({sum(o.seconds for o in outcomes):.1f} s)")
    return outcomes


def check_steps(root: Path, languages: list[str], say) -> list[Outcome]:
    """Check the catalog of each of ``languages`` but the source one (one outcome each)."""
    return [lore_step(language, ["check", "--lang", language], root, say)
            for language in languages if language != SOURCE]


def prepare_catalogs(root: Path, languages: list[str], say) -> list[Outcome]:
    """Merge the unchanged template into the catalogs of ``languages`` and check them.

    For catalogs saved since their last clean run (a translator's edit): the template and the
    pseudo-locale, which derive from the pages alone, are left as they are.
    """
    merged = [language for language in languages if language not in (SOURCE, PSEUDO)]
    outcomes = [lore_step("update", ["update", *(f"--lang={lang}" for lang in merged)],
                          root, say)] if merged else []
    outcomes += check_steps(root, languages, say)
    say(f"[catalogs] {', '.join(languages)} updated and checked "
        f"({sum(o.seconds for o in outcomes):.1f} s)")
    return outcomes


def prepare_if_changed(root: Path, out: Path, settings: config.Settings, languages: list[str],
                       say) -> list[str]:
    """Run the catalog steps whose inputs differ from those of their last clean run.

    A changed page (or conf.py, or lore) runs them all; a saved catalog merges and checks that
    language only. Return the names of the steps that failed; a failure leaves its part of the
    stamp out, so that the next run reports it again.
    """
    stamp = out.parent / CATALOG_STAMP  # beside the site: state of lore's, not a reader's file
    kept = read_catalog_stamp(stamp)
    if kept.get("template") != template_fingerprint(root, settings):
        outcomes = prepare(root, languages, say)
    else:
        current = catalog_fingerprints(root, settings, languages)
        stale = [lang for lang in languages
                 if lang != SOURCE and kept["languages"].get(lang) != current[lang]]
        if not stale:
            say("[catalogs] up to date")
            return []
        outcomes = prepare_catalogs(root, stale, say)
    failed = [o.name for o in outcomes if not o.ok]
    if any(name in ("extract", "update", "pseudo") for name in failed):
        stamp.unlink(missing_ok=True)
        return failed
    # Each key holds its catalog's bytes: a language merged now but not checked (not built
    # this time) keeps an old key that no longer matches, so it is checked when it is built.
    checked = {lang: key for lang, key in catalog_fingerprints(root, settings, languages).items()
               if lang not in failed}
    others = {lang: key for lang, key in kept.get("languages", {}).items()
              if lang not in languages}
    write_atomic(stamp, json.dumps({"template": template_fingerprint(root, settings),
                                    "languages": {**others, **checked}}).encode(),
                 durable=False)
    return failed


def read_catalog_stamp(stamp: Path) -> dict:
    """Return the fingerprints of the catalog steps' last clean run (none: an empty dict)."""
    try:
        kept = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) and isinstance(kept.get("languages"), dict) else {}


def sphinx_command(root: Path, out: Path, language: str, strict: bool = True,
                   into: Path | None = None) -> list[str]:
    """Return the ``sphinx-build`` command building ``language`` into ``out/language``.

    ``into`` builds into another folder (the staging one) with the same environment.
    ``strict`` makes any warning fail the build (``-W``). Colour is off (``-N``): the output is
    captured and reported as text, and Sphinx would colour it whenever ``CI`` is set.
    """
    return [sys.executable, "-m", "sphinx", *(["-W"] if strict else []), "--keep-going", "-q",
            "-N", "-b", "html", "-D", f"language={language}",
            "-d", str(doctree_dir(out, language)), str(root), str(into or out / language)]


def doctree_dir(out: Path, language: str) -> Path:
    """Return where Sphinx keeps the environment of ``language`` built into ``out``."""
    return out.parent / "doctrees" / language


class Children:
    """The build's child processes, so that an interrupted build can stop them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()
        self.stopping = False

    def run(self, command: list[str], cwd: Path) -> subprocess.CompletedProcess:
        """Run ``command``, capturing its output; refused once the build is stopping."""
        with self._lock:
            if self.stopping:
                return subprocess.CompletedProcess(command, -signal.SIGTERM, "", "")
            child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
            self._running.add(child)
        try:
            stdout, stderr = child.communicate()
        finally:
            with self._lock:
                self._running.discard(child)
        return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)

    def stop(self) -> None:
        """Terminate every running child and refuse new ones."""
        with self._lock:
            self.stopping = True
            for child in self._running:
                child.terminate()


def read_stamp(site: Path) -> str | None:
    """Return the inputs fingerprint a published site was built from, if any."""
    stamp = site / STAMP
    return stamp.read_text() if stamp.is_file() else None


def build_inputs(fingerprint_: str, formats: list[str], strict: bool) -> str:
    """Return what a language's build depends on: its inputs' fingerprint, and how it is built."""
    inputs = fingerprint_ + f" formats {','.join(formats)}" + ("" if strict else
                                                               " (warnings allowed)")
    if "pdf" in formats:  # the PDF is WeasyPrint's layout: a new release may change it
        inputs += f" weasyprint {version('weasyprint')}"
    return inputs


def up_to_date(out: Path, language: str, inputs: str) -> bool:
    """Tell whether ``language`` was built, and finished, from exactly ``inputs``."""
    return (read_stamp(out / language) == inputs
            and not (doctree_dir(out, language) / UNFINISHED).exists())


def fresh_environment(doctrees: Path) -> None:
    """Forget the environment a build left unfinished (failed, interrupted or killed).

    Sphinx records what it read before it writes the pages: after an unfinished build it would
    believe pages current whose published HTML is older. The marker is removed on success;
    while it is there, the language is built again whatever its published inputs.
    """
    marker = doctrees / UNFINISHED
    if marker.exists():
        shutil.rmtree(doctrees, ignore_errors=True)
    doctrees.mkdir(parents=True, exist_ok=True)
    marker.touch()


def language_command(root: Path, out: Path, language: str, formats: list[str],
                     strict: bool, staging: Path) -> list[str]:
    """Return the command building ``language`` in ``formats`` into ``staging``."""
    return [sys.executable, "-m", "lore.site.formats", str(root), str(staging),
            str(doctree_dir(out, language)), language, "--formats", ",".join(formats),
            *([] if strict else ["--allow-warnings"])]


def build_language(root: Path, out: Path, language: str, inputs: str, say,
                   strict: bool = True, children: Children | None = None,
                   formats: list[str] = FORMATS) -> Outcome:
    """Build one language's site and books unless its ``inputs`` (:func:`build_inputs`) are
    those of its last successful build.

    The site and its books are built in a staging copy of the published folder, which
    replaces it only when every format built without error. Not ``strict``, warnings are
    printed but do not fail the language.
    A build that warned leaves no Sphinx environment behind: Sphinx warns about a page only
    when it reads it, so the next build re-reads every page and reports its warnings again.
    """
    children = children or Children()
    published = out / language
    doctrees = doctree_dir(out, language)
    if up_to_date(out, language, inputs):
        say(f"[{language}] up to date")
        return Outcome(language, True, 0.0, "")
    say(f"[{language}] building")
    start = time.perf_counter()
    staging = staging_dir(out, language)
    try:
        stage(published, staging)
        (staging / STAMP).unlink(missing_ok=True)
        fresh_environment(doctrees)
        done = children.run(language_command(root, out, language, formats, strict, staging),
                            root)
        outcome = Outcome(language, done.returncode == 0, time.perf_counter() - start,
                          done.stdout + done.stderr)
        if outcome.ok:
            (staging / STAMP).write_text(inputs)
            publish(staging, published)
            (doctrees / UNFINISHED).unlink(missing_ok=True)
        elif children.stopping:
            outcome.output = "interrupted: the published site is unchanged"
    finally:  # with the books' scratch folders a killed process could not remove
        for leftover in (staging, *staging.parent.glob(f".{language}-*")):
            discard(leftover)
    say(f"[{language}] {'ok' if outcome.ok else 'FAILED'} ({outcome.seconds:.1f} s)")
    if outcome.output.strip():
        shutil.rmtree(doctrees, ignore_errors=True)
        if not outcome.ok:  # the next build tries again, even with the published inputs
            doctrees.mkdir(parents=True, exist_ok=True)
            (doctrees / UNFINISHED).touch()
        say(outcome.output.rstrip())
    return outcome


def write_index(out: Path, languages: list[str], root_doc: str, title: str) -> None:
    """Write ``out/index.html``: a page leading to each language's site."""
    items = "\n".join(
        f'    <li><a lang="{code}" hreflang="{code}" href="{code}/{root_doc}.html">'
        f"{html.escape(display_name(code))}</a></li>" for code in languages)
    write_atomic(out / "index.html", f"""<!DOCTYPE html>
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
""".encode(), durable=False)


def build(root: Path, out: Path, languages: list[str] | None = None, jobs: int | None = None,
          say=print, strict: bool = True, formats: list[str] = FORMATS,
          children: Children | None = None) -> int:
    """Prepare the catalogs and build every language; return 0 only if everything built.

    ``formats``: the HTML site always, and its books (``pdf``, ``epub``). Without a PDF
    engine, the PDF is left out with one line saying what to install. ``children`` runs each
    language's process (``lore serve`` forks them from a process with Sphinx loaded).

    One build at a time per tree: a second one waits for the lock. SIGINT or SIGTERM stops
    the languages being built (their staging copies are dropped) and returns 130 or 143.
    A language whose catalog fails ``lore check`` fails, but its site is still built:
    translations that fail the check are left out of its pages anyway.
    """
    with interruptible() as stopped:
        try:
            with build_lock(out):
                return build_locked(root, out, languages, jobs, say, strict, formats,
                                    children or Children())
        except Interrupted as interruption:
            say(f"interrupted ({interruption.signal_name}): the published site is unchanged")
            return 128 + stopped.signum


def build_locked(root: Path, out: Path, languages: list[str] | None, jobs: int | None,
                 say, strict: bool, formats: list[str], children: Children) -> int:
    """Do :func:`build`'s work, holding the lock."""
    formats = usable_formats(formats, say)
    settings = config.load(root / "conf.py")
    conf = runpy.run_path(str(root / "conf.py"))
    chosen = languages or site_languages(settings.languages)
    failed = prepare_if_changed(root, out, settings, chosen, say)
    documented = None if settings.api_baseurl else settings.api_package

    def all_inputs() -> dict[str, str]:
        return {language: build_inputs(fingerprint(root, conf, settings, language, documented),
                                       formats, strict) for language in chosen}

    inputs = all_inputs()
    # The API pages derive from inputs every fingerprint holds (the pages, the package,
    # lore's code, conf.py): when no language is to be built, they are the ones on disk, and
    # the no-op rebuild imports neither Sphinx nor the documented package.
    if not all(up_to_date(out, language, inputs[language]) for language in chosen):
        from lore.site.sphinx import api  # Sphinx is imported only when a build runs

        # once, before the languages' processes read it
        pages = generated_pages(root / api.API_DIR)
        api.generate(root, settings.corpus, not settings.api_baseurl, settings.api_package)
        if generated_pages(root / api.API_DIR) != pages:
            inputs = all_inputs()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(chosen)))

    def one(language: str) -> Outcome:
        return build_language(root, out, language, inputs[language], say, strict, children,
                              formats)

    pool = ThreadPoolExecutor(workers)
    try:
        futures = [pool.submit(one, language) for language in chosen]
        outcomes = [future.result() for future in futures]
    except Interrupted:
        children.stop()
        raise
    finally:  # on an interruption, the languages started end (their children stopped)
        pool.shutdown(wait=True, cancel_futures=True)
    failed += [o.name for o in outcomes if not o.ok and o.name not in failed]
    # Every published language, those this build left alone included (``--lang``).
    listed = [language for language in dict.fromkeys([*site_languages(settings.languages),
                                                      *chosen])
              if language in chosen or (out / language).is_dir()]
    write_index(out, listed, conf.get("root_doc", "index"), conf.get("project", "Documentation"))
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    write_sitemap(out, site_languages(settings.languages), conf.get("html_baseurl", ""))
    say(f"built {len(chosen)} languages into {out}")
    return 0


def generated_pages(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Identify the generated pages in ``folder`` by name, size, time and inode."""
    return {page.name: (info.st_size, info.st_mtime_ns, info.st_ino)
            for page, info in ((page, page.stat()) for page in folder.glob("*.rst"))}


def usable_formats(formats: list[str], say) -> list[str]:
    """Return ``formats`` in build order, HTML first; without WeasyPrint or Pango, no PDF."""
    chosen = [name for name in FORMATS if name == "html" or name in formats]
    if "pdf" in chosen and not pdf_engine_present():
        from lore.site.sphinx.pdf import ENGINE_MISSING

        say(ENGINE_MISSING)
        chosen.remove("pdf")
    return chosen


def pdf_engine_present() -> bool:
    """Tell whether WeasyPrint and the Pango library it loads are installed."""
    return find_spec("weasyprint") is not None and find_library("pango-1.0") is not None


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived during a build."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signal_name = signal.Signals(signum).name


@dataclass
class Stopped:
    """The signal that interrupted a build (SIGINT unless told otherwise)."""

    signum: int = signal.SIGINT


@contextlib.contextmanager
def interruptible():
    """Turn SIGINT and SIGTERM into :class:`Interrupted` in the main thread for the block."""
    stopped = Stopped()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def interrupt(signum, frame):
        stopped.signum = signum
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, interrupt)
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``build`` sub-command to the ``lore`` command line."""
    parser = sub.add_parser(
        "build", help="build the site, PDF and ePub of every language into _build/html/LANG",
        description="Extract, update and check the catalogs, then build the source language, "
                    "every language of conf.py's lore_languages and the pseudo-locale qps "
                    "(site, PDF, ePub), one process per language; a language is published "
                    "only when it built.")
    parser.add_argument("--lang", action="append", help="build only this language (repeatable)")
    parser.add_argument("-j", "--jobs", type=int, help="parallel builds (default: CPU count)")
    parser.add_argument("-o", "--output", default="_build/html", help="output folder")
    parser.add_argument("--allow-warnings", action="store_true",
                        help="print Sphinx's warnings without failing the language (no -W)")
    parser.add_argument("--formats", type=format_list, default=list(FORMATS),
                        help="comma-separated, of html, pdf, epub (default: all); the HTML "
                             "site is always built, and links the books built with it")
    parser.set_defaults(handler=main)


def format_list(text: str) -> list[str]:
    """Parse ``--formats``: names from ``html,pdf,epub``, comma-separated."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}: choose from {','.join(FORMATS)}")
    return names


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
                 strict=not args.allow_warnings, formats=args.formats)
