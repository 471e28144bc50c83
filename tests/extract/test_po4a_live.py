"""Differential tests: lore and Debian's po4a extract the same template from the same files.

Handwritten documents pin the corners of po4a's rules; generated ones look for the rest.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, run_po4a, without_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Corner cases</title></head>
<body>
"""
TAIL = "</body>\n</html>\n"

CORNERS = {
    "comments.xhtml": """<!-- before any text -->
<p>A paragraph <!-- note to translators
  spanning two lines --> that goes on.</p>
<p><!-- literal \\n in a comment -->Second.</p>
""",
    "pre.xhtml": """<pre class="python">

def f(x):
    return x   # two spaces kept

</pre>
<pre>first line
  <em>inline</em> second</pre>
<pre><!-- c -->
after a comment</pre>
""",
    "attributes.xhtml": """<p title="A paragraph's
    title">Text <img src="a.png" alt="An image" /> after the image.</p>
<div lang="en" title=''>Div text<br/>after a break.</div>
<a href="x.html" title="link title">inline link at top</a>
""",
    "spacing.xhtml": """<p>One sentence.
    Two sentences.  Three.	Tab inside.
	Tab at line start (really).</p>
<p>Quotes " and backslash \\ and &amp; &lt;tag&gt; &nbsp; &mdash; kept.</p>
<p>A very long line that must be wrapped at seventy-six columns, e.g. when it talks \
about things, i.e. many, many, many things at once.</p>
<p>Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryvery\
verylongwordwithoutspaces and more.</p>
""",
    "nesting.xhtml": """<ul>
  <li>Item one
    <ul><li>Nested <code>item</code></li></ul>
  trailing text</li>
  <li><p>Para in item</p></li>
</ul>
<p>Before <span class="footnote">a footnote <div class="note">block inside inline</div> \
rest</span> end.</p>
<dl><dt>Term</dt><dd>Definition.</dd></dl>
<table title="T"><tr><th>H</th><td>D</td></tr></table>
<p>Same line twice.</p><p>Same line twice.</p>
<![CDATA[  raw <text> here  ]]>
""",
}


def write_documents(folder: Path, documents: dict[str, str]) -> list[str]:
    names = []
    for name, body in documents.items():
        (folder / name).write_text(HEAD + body + TAIL, encoding="utf-8")
        names.append(name)
    return names


def lore_template(folder: Path, names: list[str]) -> str:
    out = folder / "lore.pot"
    subprocess.run(
        [sys.executable, "-m", "lore", "extract", "--include-code", "-o", str(out), *names],
        cwd=folder, check=True, capture_output=True, timeout=60,
    )
    return out.read_text(encoding="utf-8")


def test_corner_cases_match_po4a(tmp_path, po4a_updatepo):
    names = write_documents(tmp_path, CORNERS)
    expected = run_po4a(po4a_updatepo, names, tmp_path / "po4a.pot", tmp_path)
    assert without_date(lore_template(tmp_path, names)) == without_date(expected)


def test_project_corpus_matches_po4a(tmp_path, po4a_updatepo):
    shutil.copytree(PROJECT / "howto", tmp_path / "howto")
    names = sorted(
        (str(p.relative_to(tmp_path)) for p in (tmp_path / "howto").rglob("*.xhtml")),
        key=str.encode,
    )
    expected = run_po4a(po4a_updatepo, names, tmp_path / "po4a.pot", tmp_path)
    assert without_date(lore_template(tmp_path, ["howto"])) == without_date(expected)


# --- generated documents ---

WORDS = st.sampled_from(
    ["reactor", "call", "it.", "e.g.", "(see", "below)", "x", "&amp;", "&nbsp;", "quote\"s",
     "back\\slash", "done.", "\u00e9t\u00e9", "long" * 12]
)
SPACE = st.sampled_from([" ", "  ", "\n", "\n    ", "\t", " \n\t "])


@st.composite
def texts(draw) -> str:
    words = draw(st.lists(WORDS, min_size=0, max_size=8))
    out = draw(SPACE) if draw(st.booleans()) else ""
    for word in words:
        out += word + draw(SPACE)
    return out


@st.composite
def inline(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["em", "code", "span", "a", "q", "br", "img"]))
    if tag == "br":
        return "<br />"
    if tag == "img":
        alt = draw(texts()).strip().replace('"', "&quot;")
        return f'<img src="i.png" alt="{alt}" />'
    attrs = ' href="x.html" title="t"' if tag == "a" else ""
    inner = draw(texts())
    if depth < 2 and draw(st.booleans()):
        inner += draw(inline(depth + 1)) + draw(texts())
    return f"<{tag}{attrs}>{inner}</{tag}>"


@st.composite
def content(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 5 if depth < 2 else 2))
        if choice <= 1:
            parts.append(draw(texts()))
        elif choice == 2:
            parts.append(draw(inline()))
        elif choice == 3:
            parts.append("<!--" + draw(texts()).replace("-", "") + "-->")
        else:
            tag = draw(st.sampled_from(["p", "div", "li", "pre", "blockquote"]))
            parts.append(f"<{tag}>{draw(content(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bodies=st.lists(content(), min_size=1, max_size=3))
def test_generated_documents_match_po4a(tmp_path_factory, po4a_updatepo, bodies):
    folder = tmp_path_factory.mktemp("generated")
    names = write_documents(folder, {f"doc{i}.xhtml": body for i, body in enumerate(bodies)})
    expected = run_po4a(po4a_updatepo, names, folder / "po4a.pot", folder)
    assert without_date(lore_template(folder, names)) == without_date(expected)
