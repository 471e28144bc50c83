"""A build never breaks the published site: staging, interruptions, two builds at once."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lore.site.build import build
from lore.site.publish import previous_dir, publish, stage

LORE = [sys.executable, "-m", "lore"]


def tree(folder: Path) -> dict[str, str]:
    """Return the digest of every file under ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def built(project: Path, *languages: str, formats: tuple[str, ...] = ("html",)) -> Path:
    """Build ``languages`` of ``project`` with lore build; return the published folder."""
    out = project / "_build" / "html"
    lines: list[str] = []
    assert build(project, out, list(languages), say=lines.append, formats=list(formats)) == 0, \
        "\n".join(lines)
    return out


def change_french(project: Path) -> None:
    """Change one French translation, so that the French site must be built again."""
    catalog = project / "locale" / "fr" / "LC_MESSAGES" / "howto.po"
    catalog.write_text(catalog.read_text().replace('msgstr "Plus loin"', 'msgstr "Plus avant"'))


def start_build(project: Path, *options: str) -> subprocess.Popen:
    """Start ``lore build`` in ``project`` as a process of its own."""
    return subprocess.Popen([*LORE, "build", *options], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(stream, text: str) -> list[str]:
    """Read lines from ``stream`` until one holds ``text``; return the lines read."""
    lines = []
    for line in stream:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never came:\n{''.join(lines)}")


def files_and_times(folder: Path) -> dict[str, tuple[str, int]]:
    """Each file's digest (a link: its target; a folder: "folder") and time, by relative path."""
    def content(path: Path) -> str:
        if path.is_symlink():
            return os.readlink(path)
        return "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()

    return {p.relative_to(folder).as_posix(): (content(p), p.lstat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def test_staging_starts_from_the_replaced_folder_and_copies_what_differs(tmp_path):
    published = tmp_path / "html" / "fr"
    staging = tmp_path / ".staging" / "html" / "fr"
    for name, text in {"same.html": "same", "changed.html": "old", "gone.html": "x",
                       "sub/page.html": "p", "becomes_folder": "file"}.items():
        (published / name).parent.mkdir(parents=True, exist_ok=True)
        (published / name).write_text(text)
    stage(published, staging)  # the first copy: everything
    assert files_and_times(staging) == files_and_times(published)
    (staging / "changed.html").write_text("new, longer")  # as a build writes its pages
    (staging / "gone.html").unlink()
    (staging / "becomes_folder").unlink()
    (staging / "becomes_folder").mkdir()
    (staging / "becomes_folder" / "inside.html").write_text("in")
    (staging / "link").symlink_to("same.html")
    (staging / "sub").rename(staging / "moved")
    publish(staging, published)
    kept = previous_dir(published)
    assert (kept / "changed.html").read_text() == "old"  # the replaced folder, kept aside
    stage(published, staging)
    assert not kept.exists()  # it became the staging copy, brought up to date
    assert files_and_times(staging) == files_and_times(published)
    assert (staging / "changed.html").read_text() == "new, longer"


def test_a_failed_build_leaves_every_published_file_as_it_was(new_project):
    out = built(new_project, "en", "fr")
    before = tree(out)
    page = new_project / "howto" / "second.xhtml"
    page.write_text(page.read_text().replace("<h2>Later</h2>", "<h2>Later</h3>"))
    lines: list[str] = []
    assert build(new_project, out, ["en", "fr"], say=lines.append, formats=["html"]) == 1
    report = "\n".join(lines)
    assert "[en] FAILED" in report and "[fr] FAILED" in report, report
    assert tree(out) == before
    assert not (new_project / "_build" / ".staging" / "html" / "fr").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_leaves_the_published_site_whole(new_project, signum):
    out = built(new_project, "fr")
    before = tree(out)
    change_french(new_project)
    process = start_build(new_project, "--lang", "fr", "--formats", "html")
    wait_for(process.stdout, "[fr] building")
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stdout + stderr
    assert f"interrupted ({signal.Signals(signum).name})" in stdout
    assert tree(out) == before
    assert not (new_project / "_build" / ".staging" / "html" / "fr").exists()
    rebuilt = subprocess.run([*LORE, "build", "--lang", "fr", "--formats", "html"],
                             cwd=new_project,
                             capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "[fr] building" in rebuilt.stdout  # the interrupted language is not "up to date"
    assert "Plus avant" in (out / "fr" / "howto" / "second.html").read_text()


def test_a_second_build_waits_for_the_first_and_the_site_is_whole(new_project):
    options = ("--lang", "en", "--lang", "fr", "--formats", "html")
    first = start_build(new_project, *options)
    wait_for(first.stdout, "building")  # the first holds the lock
    second = start_build(new_project, *options)
    first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)
    assert first.returncode == 0, first_out + first_err
    assert second.returncode == 0, second_out + second_err
    assert "another build is running" in second_err and "waiting" in second_err
    assert "[en] up to date" in second_out and "[fr] up to date" in second_out
    out = new_project / "_build" / "html"
    for language in ("en", "fr"):
        assert (out / language / "howto" / "second.html").stat().st_size > 1000
    assert not any((new_project / "_build" / ".staging").rglob("*.html"))


def children(pid: int) -> list[int]:
    """Return the processes ``pid`` started, from any of its threads."""
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def test_a_killed_pdf_process_leaves_the_published_site_whole(new_project):
    out = built(new_project, "fr", formats=("html", "pdf"))
    before = tree(out)
    change_french(new_project)
    process = start_build(new_project, "--lang", "fr", "--formats", "html,pdf")
    scratch = new_project / "_build" / ".staging" / "html"
    deadline = time.monotonic() + 300
    while not list(scratch.glob(".fr-pdf-*")):  # the language's process is making the PDF
        assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
        time.sleep(0.02)
    for child in children(process.pid):
        os.kill(child, signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1 and "[fr] FAILED" in stdout, stdout + stderr
    assert tree(out) == before
    assert not list(scratch.iterdir())  # the staging copy and the PDF's scratch folder
