"""What a language's site is built from, so that ``lore build`` can skip a language whose
inputs are byte for byte those of its last successful build.

The inputs are ``conf.py``; the documents Sphinx reads (found as Sphinx finds them) and the
local files they reference (listings, images); the language's catalog and terminology (the
status page counts the entries with quality warnings); lore's own code,
templates, styles and labels; the source of the package the API pages document; and the
versions of lore and Sphinx. Anything else in the project (a log, a README) is not an input.

The catalog steps have inputs of their own: extracting the template and the pseudo-locale read
``conf.py``, the corpus and lore's code; merging and checking a language's catalog read the
template, that catalog and its terminology, ``conf.py`` and lore's code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import lore
from lore import xhtml
from lore.config import PSEUDO_LANGUAGE, Settings
from lore.files import find_documents
from lore.links import tree_file

_XHTML = "{http://www.w3.org/1999/xhtml}"
LORE_PACKAGE = Path(lore.__file__).parent


def documents(root: Path, conf: Mapping[str, object]) -> list[Path]:
    """Return the source documents Sphinx reads from ``root``, with ``conf.py``'s settings."""
    from sphinx.project import Project

    suffixes = conf.get("source_suffix") or {".rst": "restructuredtext"}
    if isinstance(suffixes, str):
        suffixes = {suffixes: "restructuredtext"}
    project = Project(root, dict.fromkeys(suffixes, "restructuredtext"))
    excluded = [*conf.get("exclude_patterns", []), "_build", ".venv*"]
    names = project.discover(exclude_paths=excluded)
    return sorted(Path(project.doc2path(name, absolute=True)) for name in names)


def referenced_files(page: Path, root: Path) -> Iterator[Path]:
    """Yield the local files ``page`` shows or links, as the site's parser finds them.

    The same reader and the same `links.tree_file` as the parser, so these are the files the
    build reads: never one outside ``root``. A page that cannot be read references nothing
    (its build fails, and a failed build is never taken as up to date).
    """
    try:
        tree = xhtml.read_tree(page)
    except xhtml.XHTMLError:
        return
    docname = page.relative_to(root).as_posix()
    for element in tree.iter(f"{_XHTML}a", "a", f"{_XHTML}img", "img"):
        value = element.get("src" if element.tag.endswith("img") else "href")
        path = tree_file(root, docname, value) if value else None
        if path is not None and path.is_file():
            yield path


def package_files(folder: Path) -> list[Path]:
    """Return the files of a Python package, without compiled bytecode."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc")


def documented_package(name: str) -> Path | None:
    """Return the folder of the package the API pages are generated from, if it is installed."""
    spec = find_spec(name)
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))) if locations else None


_package_digests: dict[Path, tuple[list[tuple[str, int, int, int]], str]] = {}


def package_digest(folder: Path) -> str:
    """Return a digest of a package's files (:func:`package_files`), their paths and bytes.

    Kept for the process while no file's size, time or inode changed: the languages of one
    build, and a ``lore serve`` rebuilding all day, hash the same code once.
    """
    files = package_files(folder)
    state = [(str(path), info.st_size, info.st_mtime_ns, info.st_ino)
             for path, info in ((path, path.stat()) for path in files)]
    kept = _package_digests.get(folder)
    if kept is None or kept[0] != state:
        kept = (state, digest_files(str(folder), files))
        _package_digests[folder] = kept
    return kept[1]


def code_digest(api_package: str | None = None) -> str:
    """Return a digest of lore's code and of the documented package's, if it is installed."""
    package = documented_package(api_package) if api_package else None
    return package_digest(LORE_PACKAGE) + (package_digest(package) if package else "")


def input_files(root: Path, conf: Mapping[str, object], settings: Settings, language: str
                ) -> list[Path]:
    """Return every file of the project the site of ``language`` is built from.

    That is the module docstring's list but the code (lore's and the documented package's).
    """
    found = [root / "conf.py"]
    for page in documents(root, conf):
        found.append(page)
        found += referenced_files(page, root)
    catalog = root / settings.catalog_path(language)
    if catalog.is_file():
        found += [catalog, catalog.parent.parent / "terminology.tsv"]  # warnings on the status page
    return list(dict.fromkeys(path.resolve() for path in found if path.is_file()))


def digest_files(label: str, paths: list[Path]) -> str:
    """Return a digest of ``label`` and of each existing file's path and bytes, in order."""
    digest = hashlib.sha256(label.encode())
    for path in paths:
        if path.is_file():
            digest.update(str(path.resolve()).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(root: Path, conf: Mapping[str, object], settings: Settings, language: str,
                api_package: str | None) -> str:
    """Return a digest of everything the site of ``language`` is built from."""
    return digest_files(f"{language} lore {lore.__version__} sphinx {version('sphinx')} "
                        f"{code_digest(api_package)}", input_files(root, conf, settings, language))


def template_fingerprint(root: Path, settings: Settings) -> str:
    """Return a digest of what extracting the template and the pseudo-locale read and write."""
    pages = [Path(p) for p in find_documents(str(root / path) for path in settings.corpus)]
    pseudo = sorted((root / settings.locale_dir / PSEUDO_LANGUAGE).rglob("*.po"))
    return digest_files(f"template lore {lore.__version__} {code_digest()}",
                        [root / "conf.py", *pages, root / settings.template, *pseudo])


def catalog_fingerprints(root: Path, settings: Settings, languages: list[str]
                         ) -> dict[str, str]:
    """Return, per language, a digest of what merging and checking its catalog read and write.

    That is the template, the catalog, its terminology (the check's warnings), conf.py and
    lore's code: one language's saved catalog leaves the others' digests as they were.
    """
    shared = digest_files(f"catalogs lore {lore.__version__} {code_digest()}",
                          [root / "conf.py", root / settings.template])
    found = {}
    for language in languages:
        catalog = root / settings.catalog_path(language)
        found[language] = digest_files(f"{language} {shared}",
                                       [catalog, catalog.parent.parent / "terminology.tsv"])
    return found
