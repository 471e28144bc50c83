"""Sphinx configuration of the lore docs, and lore's own settings."""

project = "Twisted Internet howtos"
author = "the lore authors"
copyright = "2026, the lore authors"

extensions = ["lore.sphinx"]
source_suffix = {".xhtml": "lore-xhtml"}
root_doc = "howto/index"
exclude_patterns = ["_build", ".venv", "locale", "tests", "benchmarks", "tools", "examples"]

# --- lore -------------------------------------------------------------------
# The corpus that `lore extract` reads when given no path.
lore_corpus = "howto"
# The gettext template and the catalog domain (locale/LANG/LC_MESSAGES/DOMAIN.po).
lore_template = "locale/howto.pot"
lore_domain = "howto"
# Languages built by `make html`, besides the source language (English).
lore_languages = ["fr", "de", "ja", "es"]
# A document is translated only when at least this share of its messages is (po4a's -k).
lore_keep_percent = 80
# <pre> classes whose content is code, not prose: left out of the project's catalogs.
# Empty means po4a's behaviour (extract everything); lore's default.
lore_untranslated_pre_classes = ["python", "python-interpreter", "shell"]
# Seconds before a command of a howto example is killed (one <pre>: data-timeout="S").
lore_example_timeout = 30
# Pages whose examples wait for a refreactor piece, skipped on --reactor=ref only:
# {"howto/PAGE.xhtml": "why, naming the missing piece"}.
lore_example_skip_ref = {}
