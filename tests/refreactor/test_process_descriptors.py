"""Spawned children: what they inherit, and errors in the process protocol's callbacks."""

import os
import sys

import pytest
from refreactor.internet import protocol
from refreactor.internet.defer import Deferred
from refreactor.python import log

LIST_FDS = "import os; print(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))"


class Output(protocol.ProcessProtocol):
    """Collects the child's standard output; ``ended`` fires with it."""

    def __init__(self):
        self.ended = Deferred()
        self.out = b""

    def outReceived(self, data):
        self.out += data

    def processEnded(self, reason):
        self.ended.callback(self.out)


@pytest.mark.parametrize("path", [None, "/"], ids=["posix_spawn", "fork_exec"])
def test_a_child_inherits_only_its_child_fds(reactor, run, path):
    readEnd, writeEnd = os.pipe()
    os.set_inheritable(readEnd, True)  # Not close-on-exec: only spawnProcess can keep it out.
    os.set_inheritable(writeEnd, True)
    try:
        proto = Output()
        reactor.spawnProcess(proto, sys.executable, [sys.executable, "-c", LIST_FDS],
                             env=None, path=path)
        listed = eval(run(lambda: proto.ended))
    finally:
        os.close(readEnd)
        os.close(writeEnd)
    # 0, 1, 2 and the descriptor os.listdir itself opened.
    assert listed[:3] == [0, 1, 2] and len(listed) == 4


def test_an_exception_in_connection_made_is_logged_and_the_process_runs(reactor, run):
    class Raising(Output):
        def connectionMade(self):
            raise RuntimeError("protocol bug")

    errors = []
    observer = lambda e: e.get("isError") and errors.append(e)  # noqa: E731
    log.addObserver(observer)
    proto = Raising()
    transport = reactor.spawnProcess(proto, sys.executable, [sys.executable, "-c", "print(1)"],
                                     env=None)
    assert transport.pid is not None
    assert run(lambda: proto.ended) == b"1\n"
    log.removeObserver(observer)
    assert [e["failure"].getErrorMessage() for e in errors] == ["protocol bug"]


def test_writing_str_to_a_process_says_data_must_be_bytes(reactor, run):
    proto = Output()
    transport = reactor.spawnProcess(proto, sys.executable, [sys.executable, "-c", ""], env=None)
    messages = []
    for write in (transport.write, lambda s: transport.writeToChild(0, s)):
        with pytest.raises(TypeError) as raised:
            write("text")
        messages.append(str(raised.value))
    run(lambda: proto.ended)
    assert messages == ["Data must be bytes"] * 2
