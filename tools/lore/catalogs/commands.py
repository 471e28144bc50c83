"""The catalog sub-commands of ``lore``: extract, init, update, stats, check, compile,
translate, pseudo.

Each ``cmd_*`` takes the parsed arguments and returns the exit status; ``register`` adds them
to the ``lore`` parser. Problems go to stderr as ``file:line: message``. Each command imports
the modules it uses when it runs, so that a command loads only its own code: ``lore extract``
runs on every commit, and its start-up is most of its time.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lore import config
from lore.argparsing import HelpFormatter, root_parser
from lore.catalogs.quality_codes import CODES as QUALITY_CODES
from lore.config import PSEUDO_LANGUAGE

if TYPE_CHECKING:
    from lore.catalogs.catalog import Catalog

EXTRACT_EXAMPLES = """\
examples:
  lore extract                      the corpus of conf.py into its template (locale/howto.pot)
  lore extract howto/time.xhtml     one page
  lore extract -o /tmp/t.pot docs   every *.xhtml below docs/, in LC_ALL=C order

The template is what po4a's xhtml module would write for the same files: the same
msgids, "#. type:" comments, "#: file:line" references and wrapping.
"""


def _settings(args: argparse.Namespace) -> config.Settings:
    return config.load(getattr(args, "conf", "conf.py"))


def _template(args: argparse.Namespace, settings: config.Settings) -> Catalog:
    from lore.catalogs import catalog as po

    return po.read(args.template or settings.template)


def _languages(args: argparse.Namespace, settings: config.Settings) -> list[str]:
    """``--lang``, else those of conf.py followed by any other language that has a catalog."""
    if args.lang:
        return list(args.lang)
    found = sorted(path.parent.parent.name
                   for path in settings.locale_dir.glob(f"*/LC_MESSAGES/{settings.domain}.po"))
    return list(dict.fromkeys([*settings.languages, *found]))


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def _error(message: str) -> int:
    print(f"lore: error: {message}", file=sys.stderr)
    return 1


def _add_extract(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract",
        help="extract the translatable messages of XHTML pages into a gettext template",
        description="Extract the translatable messages of Lore XHTML pages into a template.",
        epilog=EXTRACT_EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a page, or a folder searched for *.xhtml (default: lore_corpus of conf.py)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="the template to write (default: lore_template of conf.py, locale/howto.pot)",
    )
    parser.add_argument(
        "--include-code", action="store_true",
        help="also extract <pre> blocks of the classes in lore_untranslated_pre_classes",
    )
    parser.set_defaults(handler=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    """``lore extract``: exit status 1, and no file written, if any page is bad."""
    # Segmentation makes many small objects and no reference cycles, and the process ends
    # right after: the cyclic collector would only rescan them (a tenth of the run).
    gc.disable()
    from lore import xhtml
    from lore.catalogs.extract import ExtractError, extract

    settings = config.load()
    skip = frozenset() if args.include_code else frozenset(settings.untranslated_pre_classes)
    output = args.output or settings.template
    try:
        entries = extract(args.paths or list(settings.corpus), output, xhtml.SegmentOptions(skip))
    except ExtractError as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)  # path:line:column: message, as compilers write it
        print(f"lore extract: {output} left unchanged", file=sys.stderr)
        return 1
    print(f"{output}: {len(entries)} message{'' if len(entries) == 1 else 's'}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """``lore init LANG``: a new catalog from the template; never overwrites one."""
    from lore.catalogs import catalog as po

    settings = _settings(args)
    target = Path(args.catalog or settings.catalog_path(args.language))
    if po.language_name(args.language) == args.language:
        return _error(f"unknown language {args.language!r} (no Babel locale data); "
                      "use a code such as fr, pt_BR or zh_Hant")
    if target.exists():
        return _error(f"{target} exists; use 'lore update' to merge the template into it")
    template = _template(args, settings)
    po.write(po.initial(template, args.language, _now(), str(target)), target)
    print(f"{target}: {len(template.active)} messages, all untranslated")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    """``lore update``: merge the template into every catalog (all read before any write).

    With ``--compendium``, untranslated entries are then filled from those catalogs (fuzzy).
    """
    from lore.catalogs import catalog as po
    from lore.catalogs import compendium, stats

    settings = _settings(args)
    template = _template(args, settings)
    compendia = compendium.read_all(args.compendium or [])
    catalogs = []
    for lang in _languages(args, settings):
        path = settings.catalog_path(lang)
        if not path.is_file():
            print(f"lore: {path}: no catalog for {lang}; create it with 'lore init {lang}'",
                  file=sys.stderr)
            continue
        catalogs.append(po.read(path))
    problem = compendium.language_error(compendia, catalogs)
    if problem:
        return _error(problem)
    for catalog in catalogs:
        merged = po.merge(catalog, template, fuzzy_matching=not args.no_fuzzy)
        filled = _fill_from_compendia(merged, compendia, close=not args.no_fuzzy)
        changed = po.write(merged)
        counts = stats.catalog_stats(merged).total
        print(f"{catalog.path}: {'updated' if changed else 'unchanged'}; {counts.translated} "
              f"translated, {counts.fuzzy} fuzzy, {counts.untranslated} untranslated"
              + (f", {counts.refused} refused by lore check" if counts.refused else "")
              + (f"; {filled} filled from the compendium (fuzzy)" if compendia else ""))
    return 0


def _fill_from_compendia(catalog: Catalog, compendia: list[Catalog], close: bool) -> int:
    """Fill ``catalog`` from the compendia of its language; warn of each translation refused."""
    from lore.catalogs import compendium

    usable = [c for c in compendia if compendium.applies_to(c, catalog)]
    if not usable:
        return 0
    filled, refused = compendium.fill(catalog, compendium.Memory(usable), close)
    for refusal in refused:
        print(refusal, file=sys.stderr)
    return filled


def _catalog_paths(args: argparse.Namespace, settings: config.Settings) -> list[Path]:
    if getattr(args, "catalogs", None):
        return [Path(p) for p in args.catalogs]
    return [settings.catalog_path(lang) for lang in _languages(args, settings)
            if settings.catalog_path(lang).is_file()]


def cmd_stats(args: argparse.Namespace) -> int:
    """``lore stats``: progress per language and per document, as a table or JSON."""
    import json

    from lore.catalogs import catalog as po
    from lore.catalogs import stats

    settings = _settings(args)
    result = {}
    for lang in _languages(args, settings):
        path = settings.catalog_path(lang)
        if path.is_file():
            result[lang] = stats.catalog_stats(po.read(path))
    if args.json:
        print(json.dumps({lang: s.as_dict() for lang, s in result.items()}, indent=2))
    else:
        print(stats.table(result))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``lore check``: errors and warnings as ``po-file:line: [CODE] message``.

    Status 1 on an error (a refused entry), or on a warning with ``--strict``.
    """
    from lore.catalogs import catalog as po
    from lore.catalogs import check, quality

    settings = _settings(args)
    errors = warnings = 0
    for path in _catalog_paths(args, settings):
        catalog = po.read(path)
        problems = [(p.line, str(p)) for p in check.check_catalog(catalog)]
        findings = [(f.line, str(f)) for f in quality.check_catalog(catalog)]
        for _line, text in sorted(problems + findings, key=lambda item: item[0]):
            print(text)
        errors += len(problems)
        warnings += len(findings)
    return 1 if errors or (warnings and args.strict) else 0


def cmd_compile(args: argparse.Namespace) -> int:
    """``lore compile``: a ``.mo`` next to each catalog, of the entries ``check`` accepts."""
    from lore.catalogs import catalog as po
    from lore.catalogs import check
    from lore.files import write_atomic

    settings = _settings(args)
    for path in _catalog_paths(args, settings):
        catalog = po.read(path)
        used = []
        for entry in catalog.active:
            if check.usable(entry):
                used.append(entry)
            elif entry.translated and not entry.fuzzy:
                print(f"{path}:{entry.line}: warning: left out of the .mo: fails 'lore check'",
                      file=sys.stderr)
        target = path.with_suffix(".mo")
        write_atomic(target, po.mo_bytes(catalog.header.msgstr, used))
        print(f"{target}: {len(used)} messages")
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    """``lore translate``: localized documents below ``-o DIR``; status 1 if one is unreadable."""
    from lore import xhtml
    from lore.catalogs import catalog as po
    from lore.catalogs import translate
    from lore.files import find_documents, write_atomic

    settings = _settings(args)
    catalog = po.read(args.catalog or settings.catalog_path(args.language))
    keep = settings.keep_percent if args.keep is None else args.keep
    skip = frozenset() if args.include_code else frozenset(settings.untranslated_pre_classes)
    translator = translate.Translator(catalog, args.language, keep, xhtml.SegmentOptions(skip))
    directory = args.output or str(Path("_build", "translated", args.language))
    status = 0
    for path in find_documents(args.paths or list(settings.corpus)):
        try:
            text, report = translator.translate_source(xhtml.read_source(path))
        except xhtml.XHTMLError as error:
            print(f"lore translate: {error}", file=sys.stderr)
            status = 1
            continue
        for warning in report.warnings:
            print(f"{warning}", file=sys.stderr)
        target = translate.output_path(directory, path)
        write_atomic(target, text.encode("utf-8"), durable=False)
        verdict = ("translated" if report.written_translated else
                   f"kept in the source language (below the {keep:g}% threshold)")
        print(f"{target}: {report.translated}/{report.total} messages "
              f"({report.percent:.0f}%), {verdict}")
    return status


def cmd_pseudo(args: argparse.Namespace) -> int:
    """``lore pseudo [LANG]``: a full pseudo-translated catalog of the template."""
    from lore.catalogs import catalog as po
    from lore.catalogs import pseudo

    settings = _settings(args)
    template = _template(args, settings)
    target = Path(args.catalog or settings.catalog_path(args.language))
    base = po.initial(template, args.language, _now(), str(target))
    catalog = pseudo.pseudo_catalog(base)
    if target.is_file():  # keep the dates, so that an unchanged template changes nothing
        old = po.read(target).header_fields()
        if "PO-Revision-Date" in old:
            catalog.set_header_field("PO-Revision-Date", old["PO-Revision-Date"])
    po.write(catalog, target)
    print(f"{target}: {len(catalog.entries)} pseudo-translated messages")
    return 0


Handler = Callable[[argparse.Namespace], int]

EXAMPLES = {
    "init": "example:\n  lore init pt_BR      locale/pt_BR/LC_MESSAGES/howto.po, all untranslated",
    "update": "examples:\n  lore update              every language of conf.py\n"
              "  lore update --lang fr    one catalog\n"
              "  lore update --lang fr --compendium launchpad-fr.po   reuse an export",
    "stats": "examples:\n  lore stats --lang fr\n  lore stats --json | jq .fr.total",
    "check": "examples:\n  lore check --lang fr\n  lore check --strict path/to/catalog.po\n\n"
             "warnings (silence one entry's with a translator comment "
             "'# lore-ignore: Q104 reason'):\n" + "\n".join(
                 f"  {code}  {meaning}" for code, meaning in QUALITY_CODES.items()),
    "translate": "examples:\n  lore translate --lang fr                      the corpus, into "
                 "_build/translated/fr/\n  lore translate --lang fr -o /tmp/fr howto/time.xhtml"
                 "   one page, into /tmp/fr/howto/time.xhtml\n"
                 "  lore translate --lang fr --keep 0 howto      every page, however little is "
                 "translated",
    "pseudo": "example:\n  lore pseudo && lore translate --lang qps -o /tmp/qps",
}


def _guarded(handler: Handler, args: argparse.Namespace) -> int:
    """Call a sub-command, turning a malformed catalog into a one-line error."""
    from lore.catalogs.catalog import CatalogError

    try:
        return handler(args)
    except CatalogError as error:
        return _error(str(error))


def register(sub: argparse._SubParsersAction) -> None:
    """Add the catalog sub-commands to the ``lore`` parser (each sets ``handler``)."""
    _add_extract(sub)

    def add(name: str, handler: Handler, help_text: str,
            template: bool = False) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text, description=help_text,
                                epilog=EXAMPLES.get(name),
                                formatter_class=HelpFormatter)
        parser.set_defaults(handler=lambda args: _guarded(handler, args))
        if template:
            parser.add_argument("--template", help="the gettext template (default: conf.py's "
                                "lore_template)")
        return parser

    def lang_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--lang", action="append", metavar="LANG",
                            help="only this language (repeatable; default: conf.py's "
                            "lore_languages)")

    parser = add("init", cmd_init, "create the catalog of a new language from the template",
                 template=True)
    parser.add_argument("language", metavar="LANG", help="language code, e.g. fr or pt_BR")
    parser.add_argument("--catalog", metavar="FILE.po", help="where to write it")

    parser = add("update", cmd_update, "merge the template into every catalog (msgmerge)",
                 template=True)
    lang_option(parser)
    parser.add_argument("--no-fuzzy", action="store_true", help="no fuzzy matching (from the "
                        "compendium too: exact matches only)")
    parser.add_argument("-C", "--compendium", action="append", metavar="FILE.po",
                        help="fill untranslated entries from this catalog, exact or close "
                        "matches, as fuzzy (repeatable; its Language header must match)")

    parser = add("stats", cmd_stats, "translated/fuzzy/refused/untranslated counts per "
                 "language and document (refused: fails lore check, so not applied)")
    lang_option(parser)
    parser.add_argument("--json", action="store_true", help="JSON for tools")

    parser = add("check", cmd_check, "check that every translation is safe, well-formed "
                 "markup matching its msgid (errors: the entry is refused), and warn of "
                 "quality problems (codes below: the entry is still applied)")
    lang_option(parser)
    parser.add_argument("--strict", action="store_true", help="fail (status 1) on warnings "
                        "too")
    parser.add_argument("catalogs", nargs="*", metavar="FILE.po", help="catalogs to check "
                        "(default: those of the languages)")

    parser = add("compile", cmd_compile, "write the .mo file of each catalog")
    lang_option(parser)
    parser.add_argument("catalogs", nargs="*", metavar="FILE.po", help="catalogs to compile")

    parser = add("translate", cmd_translate, "write the localized XHTML of documents")
    parser.add_argument("--lang", dest="language", required=True, metavar="LANG",
                        help="the language to translate into")
    parser.add_argument("--catalog", metavar="FILE.po", help="the catalog to apply "
                        "(default: that of LANG)")
    parser.add_argument("--keep", type=float, metavar="PERCENT", help="write a document "
                        "translated only when this share of it is (default: lore_keep_percent)")
    parser.add_argument("-o", "--output", metavar="DIR", help="write each document to "
                        "DIR/PATH (default: _build/translated/LANG)")
    parser.add_argument("--include-code", action="store_true", help="also translate <pre> "
                        "blocks of the classes in lore_untranslated_pre_classes (as po4a)")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="pages or folders "
                        "(default: lore_corpus of conf.py)")

    parser = add("pseudo", cmd_pseudo, "write a pseudo-translated catalog (accented, longer, "
                 "bracketed text) to spot text that escaped extraction", template=True)
    parser.add_argument("language", metavar="LANG", nargs="?", default=PSEUDO_LANGUAGE,
                        help=f"pseudo-locale code (default: {PSEUDO_LANGUAGE})")
    parser.add_argument("--catalog", metavar="FILE.po", help="where to write it")


def run(argv: list[str]) -> int:
    """Run one catalog sub-command in this process, as ``lore ARGV...`` would."""
    parser, sub = root_parser()
    register(sub)
    args = parser.parse_args(argv)
    return args.handler(args)
