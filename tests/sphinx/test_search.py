"""Search in every language: the Japanese index is cut into words, not by character class."""

from __future__ import annotations

import json
import re

# Japanese and full-width punctuation (not the iteration mark 々, part of words such as 個々)
PUNCTUATION = re.compile("[\u3000-\u3004\u3008-\u3020\u30fb\uff01-\uff0f\uff1a-\uff20"
                         "\uff3b-\uff40\uff5b-\uff65]")


def search_index(site) -> dict:
    """Return the data of a built site's ``searchindex.js``."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_the_japanese_index_holds_words_and_no_term_starts_with_punctuation(built_site):
    out, _, _ = built_site
    index = search_index(out / "ja")
    terms = index["terms"]
    assert [term for term in terms if PUNCTUATION.match(term)] == []
    assert [term for term in terms if PUNCTUATION.search(term)] == []
    markup = index["docnames"].index("howto/markup")
    for word in ("読者", "脚注", "警告"):  # words of the Japanese markup page, and only there
        assert terms[word] in (markup, [markup]), word
    # "。すべて" was a term of Sphinx's default splitter (by character class) for this sentence
    assert "すべて" in terms and "翻訳" in terms and "リアクター" in terms
