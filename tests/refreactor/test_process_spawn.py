"""The low-level child start-up used by spawnProcess: fd layout, environment, cwd, errors."""

import os
import sys

import pytest
from refreactor.internet import _spawn

PY = sys.executable


def _run(code, layout_extra=None, **kw):
    """Spawn python -c code with stdout on a pipe; return (exit status, output)."""
    r, w = os.pipe()
    layout = {1: w, **(layout_extra or {})}
    pid = _spawn.spawn(PY, [PY, "-c", code], kw.pop("env", dict(os.environ)), layout, **kw)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 4096):
        chunks.append(chunk)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    return status, b"".join(chunks).decode()


def test_stdout_pipe_and_exit_code():
    status, out = _run("print('hi'); raise SystemExit(3)")
    assert out == "hi\n"
    assert os.waitstatus_to_exitcode(status) == 3


def test_extra_descriptor_and_closed_stdin():
    r, w = os.pipe()
    code = "import os,sys; os.write(3, b'three'); print(sys.stdin is None or sys.stdin.closed)"
    status, out = _run(code, {3: w})
    os.close(w)
    assert os.read(r, 100) == b"three"
    os.close(r)
    assert status == 0
    assert out.strip() == "True"


def test_environment_is_exactly_the_given_one():
    status, out = _run("import os; print(sorted(os.environ.items()))", env={"A": "1"})
    assert status == 0
    assert "('A', '1')" in out and "PATH" not in out


def test_working_directory_uses_fork_path(tmp_path):
    status, out = _run("import os; print(os.getcwd())", path=str(tmp_path))
    assert status == 0
    assert out.strip() == str(tmp_path)


def test_missing_executable_raises():
    with pytest.raises(FileNotFoundError):
        _spawn.spawn("no-such-program-here", ["x"], {"PATH": "/nonexistent"}, {})


def test_pty_gives_the_child_a_terminal():
    master, slave = _spawn.openPTY()
    code = "import os,sys; print(os.isatty(0), os.isatty(1))"
    pid = _spawn.spawn(PY, [PY, "-c", code], dict(os.environ), {0: slave, 1: slave, 2: slave},
                       controllingTTY=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    os.waitpid(pid, 0)
    assert out.strip() == b"True True"
