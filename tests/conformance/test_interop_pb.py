"""Interop: a PB server and a PB client in two processes, each on either reactor.

``interop/pb_server.py`` and ``interop/pb_client.py`` run as a pair: Twisted with Twisted
gives the oracle transcripts; then refreactor serves a Twisted client, a refreactor client
calls a Twisted server, and refreactor talks to itself. Every pair's client and server
transcripts must equal the oracle's: the values, copies, caches, errors (by class name) and
cred logins cross the wire as Twisted's own do.
"""

import difflib
import os
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "interop"
TIMEOUT = 60


def _argv(reactor: str, program: str, *args: str) -> list[str]:
    runner = ["-m", "refreactor"] if reactor == "refreactor" else []
    return [sys.executable, *runner, str(HERE / program), *args]


def _waitForPorts(portFile: Path, server: subprocess.Popen) -> list[str]:
    deadline = time.monotonic() + 20
    while not portFile.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise AssertionError(f"the server did not start:\n{server.communicate()[1]}")
        time.sleep(0.05)
    return portFile.read_text().split()


def _runPair(serverReactor: str, clientReactor: str, workdir: Path) -> tuple[str, str]:
    """(client stdout, server stdout) of one run of the pair."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    portFile = workdir / "ports"
    server = subprocess.Popen(_argv(serverReactor, "pb_server.py", str(portFile)), cwd=workdir,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ports = _waitForPorts(portFile, server)
        client = subprocess.run(_argv(clientReactor, "pb_client.py", *ports), cwd=workdir,
                                env=env, capture_output=True, text=True, timeout=TIMEOUT)
        serverOut, serverErr = server.communicate(timeout=TIMEOUT)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert client.returncode == 0, client.stderr
    assert server.returncode == 0, serverErr
    return client.stdout, serverOut


@cache
def _oracle(workdir: Path) -> tuple[str, str]:
    return _runPair("twisted", "twisted", workdir)


def _diff(expected: str, got: str, label: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                        got.splitlines(keepends=True), "twisted", label))


@pytest.mark.parametrize("server,client", [("refreactor", "twisted"), ("twisted", "refreactor"),
                                           ("refreactor", "refreactor")])
def test_pb_pair_matches_twisted(server: str, client: str, tmp_path_factory) -> None:
    """The pair's transcripts equal Twisted's with Twisted."""
    oracleDir = tmp_path_factory.getbasetemp() / "pb-oracle"
    oracleDir.mkdir(exist_ok=True)
    expectedClient, expectedServer = _oracle(oracleDir)
    assert "login alice: ok" in expectedClient and "server: stopped" in expectedServer
    gotClient, gotServer = _runPair(server, client, tmp_path_factory.mktemp(f"{server}-{client}"))
    assert gotClient == expectedClient, _diff(expectedClient, gotClient, f"{client} client")
    assert gotServer == expectedServer, _diff(expectedServer, gotServer, f"{server} server")
