"""The howto corpus as a whole: each listing shown and exercised, each page complete and linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lore.examples import transcript
from lore.examples.page import read_page

ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "howto"
EXAMPLES = ROOT / "examples"
PAGES = sorted(HOWTO.glob("*.xhtml"))
REQUIRED = [
    "index", "internet-overview", "reactor-basics", "time", "defer", "servers", "clients",
    "transports", "ssl", "unix", "udp", "multicast", "process", "threading", "application",
    "upgrading", "line-protocols", "endpoints", "stdio", "logging", "command-line", "testing",
    "coordinating-deferreds", "trial", "amp", "pb", "plugin",
]


def shown_files() -> set[Path]:
    """The files that some page's py-listing links to."""
    return {(page.parent / listing.href).resolve()
            for page in PAGES for listing in read_page(page).listings}


def exercised_names() -> set[str]:
    """The file names that some transcript command runs, or module names a session imports."""
    names: set[str] = set()
    for page in PAGES:
        for block in read_page(page).blocks:
            if block.kind == "shell":
                for command in transcript.parse(block.text, block.line):
                    names.update(re.findall(r"[\w.-]+\.py\b", command.text))
            else:
                names.update(f"{m}.py" for m in re.findall(r"(?:from|import)\s+(\w+)", block.text))
    return names


def test_every_required_page_exists():
    assert sorted(p.stem for p in PAGES) == sorted(REQUIRED)


# Bytecode that running the examples leaves behind is not a listing.
LISTINGS = sorted(p for p in EXAMPLES.iterdir() if p.name != "__pycache__")


@pytest.mark.parametrize("example", LISTINGS, ids=lambda p: p.name)
def test_every_example_is_shown_and_exercised(example):
    assert example.resolve() in shown_files(), f"no page shows {example.name}"
    assert example.name in exercised_names(), f"no transcript or session runs {example.name}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_shows_a_listing_and_runs_an_example(page):
    parsed = read_page(page)
    assert parsed.listings, f"{page.name} shows no listing"
    assert parsed.blocks, f"{page.name} has no shell transcript or interpreter session"


def test_the_index_links_every_other_page():
    text = (HOWTO / "index.xhtml").read_text()
    linked = set(re.findall(r'href="([\w-]+)\.xhtml"', text))
    assert linked == set(REQUIRED) - {"index"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_has_the_corpus_skeleton(page):
    text = page.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC '
                           '"-//W3C//DTD XHTML 1.0 Transitional//EN"')
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
    assert title == heading
