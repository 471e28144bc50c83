"""Which languages a saved file touches: its own for a catalog, every one for a page."""

from __future__ import annotations

import pytest
from lore.site.serve.watcher import Inputs

LANGUAGES = ("en", "fr", "de", "ja", "es", "qps")  # the project's conf.py


@pytest.fixture
def inputs(project) -> Inputs:
    return Inputs(project)


@pytest.mark.parametrize(("path", "languages"), [
    ("locale/fr/LC_MESSAGES/howto.po", {"fr"}),
    ("locale/de/LC_MESSAGES/howto.po", {"de"}),   # a catalog that does not exist yet
    ("locale/fr/terminology.tsv", {"fr"}),
    ("locale/pt/LC_MESSAGES/howto.po", set()),    # not a language of the site
    ("locale/qps/LC_MESSAGES/howto.po", set()),   # written by the build itself
    ("locale/howto.pot", set()),                  # written by the build itself
    ("locale/fr/LC_MESSAGES/howto.mo", set()),
    ("howto/markup.xhtml", set(LANGUAGES)),
    ("howto/new-page.xhtml", set(LANGUAGES)),     # a page that is not there yet
    ("howto/dot.png", set(LANGUAGES)),            # an image a page shows
    ("examples/hello.py", set(LANGUAGES)),        # a listing a page shows
    ("conf.py", set(LANGUAGES)),
    ("_build/html/fr/howto/index.html", set()),
    ("README.txt", set()),
])
def test_a_saved_file_touches_the_languages_built_from_it(inputs, project, path, languages):
    assert inputs.languages_of(project / path) == languages


def test_the_folders_holding_inputs_are_watched_not_the_whole_tree(inputs, project):
    assert inputs.folders() == [project / "examples", project / "howto", project / "locale"]
