"""Shell transcripts: parsing, wildcard matching, and running real commands and processes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from lore.examples import transcript
from lore.examples.transcript import Session, TranscriptError


def run(tmp_path: Path, text: str, timeout: float = 10.0) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    Session(tmp_path, env, timeout, "page.xhtml").run(transcript.parse(text, 10))


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_parse_splits_commands_output_and_background():
    commands = transcript.parse("\n$ server &\nstarted\n$ client a && b\none\n\ntwo\n", 5)
    assert [(c.line, c.text, c.background, c.expected) for c in commands] == [
        (6, "server", True, "started"),
        (8, "client a && b", False, "one\n\ntwo"),
    ]


def test_parse_rejects_output_before_any_command():
    with pytest.raises(ValueError, match="line 3"):
        transcript.parse("\n\nstray\n$ ls\n", 1)


@pytest.mark.parametrize(("expected", "actual", "ok"), [
    ("a\nb", "a\nb\n", True),
    ("a ...", "a b c", True),
    ("...\nlast", "x\ny\nlast", True),
    ("start\n...", "start", True),
    ("a\n...\nb", "a\nb", True),
    ("a\n...\nb", "a\nx\ny\nb", True),
    ("a\n...\nb", "ab", False),
    ("a\nb", "a\nc", False),
    ("a", "a\nmore", False),
    ("trailing  \nspace", "trailing\nspace  ", True),
])
def test_ellipsis_matches_any_run_of_text(expected, actual, ok):
    assert transcript.matches(expected, actual) is ok


def test_matching_output_passes_and_mismatch_shows_a_diff(tmp_path):
    run(tmp_path, "$ echo one; echo two\none\n...\n")
    with pytest.raises(TranscriptError) as failure:
        run(tmp_path, "$ echo one; echo two\none\nthree\n")
    report = str(failure.value)
    assert "page.xhtml:10: output differs" in report
    assert "$ echo one; echo two" in report
    assert "-three" in report and "+two" in report


def test_non_zero_exit_fails(tmp_path):
    with pytest.raises(TranscriptError, match="exited with status 3"):
        run(tmp_path, "$ echo out; exit 3\nout\n")


def test_hanging_command_is_killed_at_the_timeout(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(TranscriptError, match=r"page.xhtml:10: timed out after 0.5 s"):
        run(tmp_path, f"$ echo $$ > {pid_file}; exec sleep 30\n", timeout=0.5)
    assert not alive(int(pid_file.read_text()))


def test_background_program_ready_on_first_line_then_stopped(tmp_path):
    pid_file = tmp_path / "pid"
    run(tmp_path, f"$ echo $$ > {pid_file}; echo ready; exec sleep 30 &\nready\n"
                  f"$ test -s {pid_file} && echo seen\nseen\n")
    assert not alive(int(pid_file.read_text()))


def test_background_program_ready_once_listening(tmp_path):
    # The server prints nothing and listens only a while after binding: the next command can
    # connect only if the session waited for the listening socket itself.
    (tmp_path / "server.py").write_text(
        "import socket, time\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0))\n"
        "open('port', 'w').write(str(s.getsockname()[1]))\n"
        "time.sleep(0.3); s.listen(); time.sleep(30)\n"
    )
    (tmp_path / "client.py").write_text(
        "import socket\n"
        "socket.create_connection(('127.0.0.1', int(open('port').read()))); print('connected')\n"
    )
    run(tmp_path, f"$ {sys.executable} server.py &\n$ {sys.executable} client.py\nconnected\n")


def test_background_output_is_checked_when_it_is_stopped(tmp_path):
    with pytest.raises(TranscriptError, match="page.xhtml:10: background output differs"):
        run(tmp_path, "$ echo hello; exec sleep 30 &\nbye\n$ true\n")


def test_background_programs_are_gone_even_when_a_command_fails(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(TranscriptError):
        run(tmp_path, f"$ (sleep 30 & echo $! > {pid_file}; echo started; wait) &\nstarted\n"
                      "$ false\n")
    assert not alive(int(pid_file.read_text()))


def test_a_bound_udp_socket_alone_is_not_ready(tmp_path):
    # A multicast listener binds before it joins its group: only its first line may count.
    (tmp_path / "udp.py").write_text(
        "import socket, time\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0))\n"
        "time.sleep(30)\n"
    )
    with pytest.raises(TranscriptError, match="page.xhtml:10: not ready after 0.5 s"):
        run(tmp_path, f"$ {sys.executable} udp.py &\n", timeout=0.5)
