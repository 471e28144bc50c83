"""python -m refreactor.twistd: run from -y app.tac and -f app.tap, save a -f app on shutdown."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

HELPERS = '''
from twisted.application import service
from twisted.internet import protocol


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class PortFile(service.Service):
    """Writes the port of the sibling service named "tcp" once it listens."""

    def __init__(self, path):
        self.path = path

    def startService(self):
        service.Service.startService(self)
        port = self.parent.getServiceNamed("tcp")._port.getHost().port
        with open(self.path, "w") as f:
            f.write(str(port))
'''

APP = '''
from twisted.application import internet, service
from twisted.internet import protocol
from echohelpers import Echo, PortFile

application = service.Application("echo")
tcp = internet.TCPServer(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
tcp.setName("tcp")
tcp.setServiceParent(application)
PortFile("port.txt").setServiceParent(application)
'''


@pytest.fixture
def appdir(tmp_path):
    (tmp_path / "echohelpers.py").write_text(HELPERS)
    (tmp_path / "app.tac").write_text(APP)
    return tmp_path


def twistd(appdir, *args):
    env = dict(os.environ, PYTHONPATH=str(appdir))
    return subprocess.Popen([sys.executable, "-m", "refreactor.twistd", *args], cwd=appdir,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def waitForFile(path, proc=None, timeout=20):
    """Wait for ``path`` to have content; fail at once if ``proc`` (when given) exits."""
    deadline = time.monotonic() + timeout
    while not path.exists() or not path.read_text():
        assert proc is None or proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the application did not start"
        time.sleep(0.02)
    return path.read_text()


def echoOnce(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"ping")
        return s.recv(100)


MAKE_TAP = '''
from twisted.persisted import sob
exec(open("app.tac").read())
sob.IPersistable(application).save(filename="echo.tap")
'''


def makeTap(appdir):
    """Save app.tac's application as echo.tap (what mktap did)."""
    (appdir / "maketap.py").write_text(MAKE_TAP)
    env = dict(os.environ, PYTHONPATH=str(appdir))
    subprocess.run([sys.executable, "-m", "refreactor", "maketap.py"], cwd=appdir, env=env,
                   check=True, capture_output=True)
    return appdir / "echo.tap"


def serveAndStop(appdir, *args, stopSignal=signal.SIGTERM):
    """Start twistd, check it echoes and holds its pidfile, stop it; return its log.

    Like Twisted's twistd, the runner ends by raising the signal that stopped it again.
    """
    portFile = appdir / "port.txt"
    if portFile.exists():
        portFile.unlink()
    proc = twistd(appdir, *args)
    try:
        port = int(waitForFile(portFile, proc))
        assert echoOnce(port) == b"ping"
        assert (appdir / "twistd.pid").read_text().strip() == str(proc.pid)
    finally:
        proc.send_signal(stopSignal)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == -stopSignal, err
    assert not (appdir / "twistd.pid").exists()
    return out.decode()


def test_python_app_is_not_saved(appdir):
    """-y implies --no_save, as in Twisted: nothing is written at shutdown."""
    log = serveAndStop(appdir, "-n", "-y", "app.tac")
    assert "Saving" not in log
    assert not (appdir / "echo-shutdown.tap").exists()
    # Twisted's twistd stamps each line in RFC 3339 form: 2026-12-01T07:49:15+0000.
    stamps = [line.split(" ", 1)[0] for line in log.splitlines() if line[:1].isdigit()]
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", s)
                          for s in stamps), log


def test_saved_tap_is_saved_again_at_shutdown(appdir):
    makeTap(appdir)
    (appdir / "app.tac").unlink()
    log = serveAndStop(appdir, "-n", "-f", "echo.tap")
    assert "Saving echo application to echo-shutdown.tap" in log
    assert (appdir / "echo-shutdown.tap").exists()


def test_sigint_ends_the_runner_by_sigint(appdir):
    serveAndStop(appdir, "-n", "-y", "app.tac", stopSignal=signal.SIGINT)


def test_no_save(appdir):
    makeTap(appdir)
    serveAndStop(appdir, "-n", "-o", "-f", "echo.tap")
    assert not (appdir / "echo-shutdown.tap").exists()


@pytest.mark.parametrize("content", [b"", b"this is not a pickle\n"])
def test_refuses_a_file_that_is_not_a_tap(appdir, content):
    (appdir / "bad.tap").write_bytes(content)
    proc = twistd(appdir, "-n", "-f", "bad.tap")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert "Failed to load application: bad.tap is not a valid .tap file" in err.decode()


def test_python_file_without_application(appdir):
    (appdir / "empty.tac").write_text("x = 1\n")
    proc = twistd(appdir, "-n", "-y", "empty.tac")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert "must define a variable named 'application'" in err.decode()


def test_refuses_to_start_while_the_pidfile_names_a_live_process(appdir):
    (appdir / "twistd.pid").write_text(f"{os.getpid()}\n")
    proc = twistd(appdir, "-n", "-y", "app.tac")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert f"Another twistd server is running, PID {os.getpid()}" in err.decode()


def test_daemon_mode(appdir):
    launcher = twistd(appdir, "-y", "app.tac")
    out, err = launcher.communicate(timeout=20)
    assert launcher.returncode == 0 and out == b"", err
    pidfile = appdir / "twistd.pid"
    pid = None
    try:
        pid = int(waitForFile(pidfile))
        port = int(waitForFile(appdir / "port.txt"))
        assert echoOnce(port) == b"ping"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while pidfile.exists():
            assert time.monotonic() < deadline, "the daemon did not stop"
            time.sleep(0.02)
        pid = None
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
    assert "Server Shut Down." in (appdir / "twistd.log").read_text()
    assert not (appdir / "echo-shutdown.tap").exists()
