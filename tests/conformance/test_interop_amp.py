"""AMP between processes on different reactors: a refreactor client against a Twisted server
and the reverse, each side printing what it sent and received.

``interop/amp_peer.py`` runs as the server under one reactor and as the client under the
other; both transcripts must equal those of the all-Twisted run: every argument type, declared
errors arriving as their class, an undeclared one as UnknownRemoteError (and the connection
closed), an unhandled command, a ListOf of a thousand items, values at and over the 64 kB limit.
"""

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

PEER = Path(__file__).parent / "interop" / "amp_peer.py"
REACTORS = {"twisted": [sys.executable], "ref": [sys.executable, "-m", "refreactor"]}
TIMEOUT = 60


def _conversation(server: str, client: str, workdir: Path) -> tuple[str, str]:
    """The server's and the client's transcripts, each side on the reactor named."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    serverProcess = subprocess.Popen([*REACTORS[server], str(PEER), "server"], cwd=workdir,
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
    try:
        port = serverProcess.stdout.readline().strip()
        assert port.isdigit(), f"the server did not start:\n{serverProcess.stderr.read()}"
        clientRun = subprocess.run([*REACTORS[client], str(PEER), "client", port], cwd=workdir,
                                   env=env, capture_output=True, text=True, timeout=TIMEOUT)
        serverOut, _ = serverProcess.communicate(timeout=TIMEOUT)
    finally:
        serverProcess.kill()
        serverProcess.wait()
    assert "crashed" not in clientRun.stdout, clientRun.stdout
    return serverOut, clientRun.stdout


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The all-Twisted conversation."""
    return _conversation("twisted", "twisted", tmp_path_factory.mktemp("oracle"))


def _same(expected: str, actual: str, label: str) -> None:
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            actual.splitlines(keepends=True),
                                            "twisted-twisted", label))
        pytest.fail(f"{label} differs from the all-Twisted run:\n{diff}")


@pytest.mark.parametrize(("server", "client"), [("twisted", "ref"), ("ref", "twisted"),
                                                 ("ref", "ref")])
def test_conversation_matches_twisted(server: str, client: str, oracle: tuple[str, str],
                                      tmp_path: Path) -> None:
    """Both transcripts equal the all-Twisted ones, whichever side runs refreactor."""
    serverOut, clientOut = _conversation(server, client, tmp_path)
    _same(oracle[0], serverOut, f"server on {server}")
    _same(oracle[1], clientOut, f"client on {client}")


def test_the_oracle_covers_the_wire_cases(oracle: tuple[str, str]) -> None:
    """The all-Twisted run really exercised what the comparison relies on."""
    client = oracle[1]
    for expected in ("client declared error Overdrawn: only 100 left",
                     "client undeclared error UnknownRemoteError: Code<UNKNOWN>: Unknown Error",
                     "client unhandled error UnhandledCommand:",
                     "client list 499500 1000 ['n\u00e9998', 'n\u00e9999']",
                     "client too long local value b'data' too long: 65536",
                     "client big value {'size': 65535}",
                     "client fatal error Fatal: too much to even consider",
                     "client answer too long error ConnectionDone",
                     "'From': 'a Python keyword as an argument name'",
                     "2024-02-29T23:59:58.123456-08:30"):
        assert expected in client
