"""Listings, images and file links that leave the project folder are refused; the build's
inputs are the files the build reads."""

from __future__ import annotations

from pathlib import Path

from lore.site.build import build
from lore.site.inputs import referenced_files

SECRET = "SECRET-OUTSIDE-THE-TREE"


def outside_file(project: Path) -> Path:
    """A file beside the project folder, with a content that would show if it were read."""
    secret = project.parent / "secret.txt"
    secret.write_text(f"{SECRET}\n")
    return secret


def add_to_second_page(project: Path, markup: str) -> Path:
    page = project / "howto" / "second.xhtml"
    page.write_text(page.read_text().replace("<h2>Later</h2>", f"{markup}\n    <h2>Later</h2>"))
    return page


def test_listings_images_and_links_outside_the_tree_are_warnings_and_never_read(
        new_project, build_language):
    secret = outside_file(new_project)
    (new_project / "howto" / "escape.py").symlink_to(secret)
    add_to_second_page(new_project, "\n".join([
        f'<p><a href="{secret}" class="py-listing">absolute</a></p>',
        '<p><a href="../../secret.txt" class="listing">dot dot</a></p>',
        '<p><a href="escape.py" class="html-listing">symlink</a></p>',
        '<p><img src="../../secret.txt" alt="up" /></p>',
        '<p><a href="../../secret.txt">a file link</a></p>',
    ]))
    done = build_language(new_project, "en")
    for line, what in [(9, f"listing '{secret}'"), (10, "listing '../../secret.txt'"),
                       (11, "listing 'escape.py'"), (12, "image '../../secret.txt'")]:
        assert f"second.xhtml:{line}: WARNING: {what} is outside the project folder" \
            in done.stderr, done.stderr
    assert "second.xhtml:13: WARNING: link to '../../secret.txt' leaves the project folder" \
        in done.stderr
    published = new_project / "_build" / "html" / "en"
    for path in published.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (published / "_images" / "secret.txt").exists()


def test_the_inputs_never_name_a_file_outside_the_tree(new_project):
    secret = outside_file(new_project)
    page = add_to_second_page(new_project, f'<p><a href="{secret}" class="listing">x</a>'
                                           '<img src="../../secret.txt" alt="x" /></p>')
    assert list(referenced_files(page, new_project)) == []


def test_a_changed_listing_rebuilds_its_page_however_its_link_is_spelled(new_project):
    # A character reference in the href: the parser reads examples/spelled.py, so the build's
    # inputs must name that file too, or a change to it would leave the language skipped.
    listing = new_project / "examples" / "spelled.py"
    listing.write_text("print('first version')\n")
    add_to_second_page(new_project,
                       '<p><a href="../examples/spelled&#46;py" class="py-listing">x</a></p>')
    out = new_project / "_build" / "html"
    lines: list[str] = []
    assert build(new_project, out, ["en"], say=lines.append) == 0, "\n".join(lines)
    assert "first version" in (out / "en" / "howto" / "second.html").read_text()
    listing.write_text("print('second version')\n")
    lines.clear()
    assert build(new_project, out, ["en"], say=lines.append) == 0, "\n".join(lines)
    assert "[en] building" in lines
    assert "second version" in (out / "en" / "howto" / "second.html").read_text()
