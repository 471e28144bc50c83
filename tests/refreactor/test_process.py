"""IReactorProcess on the reference reactor: real children, pipes, signals, exit codes."""

import os
import sys

import pytest
from refreactor.internet import defer, error, protocol
from refreactor.internet.interfaces import IProcessTransport, IReactorProcess
from refreactor.python import log
from zope.interface.verify import verifyObject

PY = sys.executable



def childPids():
    """The pids of this process's live or zombie children (from /proc)."""
    me = str(os.getpid())
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                pids.append(int(entry))
    return pids


class Recorder(protocol.ProcessProtocol):
    """Records every callback; ``ended`` fires with (exception type, exit code, signal)."""

    def __init__(self):
        self.events = []
        self.data = {}
        self.ended = defer.Deferred()

    def connectionMade(self):
        self.events.append("connectionMade")

    def childDataReceived(self, fd, data):
        self.data[fd] = self.data.get(fd, b"") + data

    def childConnectionLost(self, fd):
        self.events.append(("lost", fd))

    def processExited(self, reason):
        self.events.append(("exited", reason.type.__name__))

    def processEnded(self, reason):
        self.events.append(("ended", reason.type.__name__))
        self.ended.callback((reason.type, reason.value.exitCode, reason.value.signal))


def spawn(reactor, code, proto=None, **kw):
    proto = proto or Recorder()
    transport = reactor.spawnProcess(proto, PY, [PY, "-c", code], env=None, **kw)
    return proto, transport


def test_interfaces(reactor, run):
    assert verifyObject(IReactorProcess, reactor)
    proto, transport = spawn(reactor, "pass")
    assert verifyObject(IProcessTransport, transport)
    run(lambda: proto.ended)


def test_output_order_and_clean_exit(reactor, run):
    proto, _ = spawn(reactor, "import sys; print('out'); sys.stderr.write('err')")
    reason = run(lambda: proto.ended)
    assert proto.data == {1: b"out\n", 2: b"err"}
    # Which pipe is reported lost first varies (it does on Twisted too); the rest does not.
    assert proto.events[0] == "connectionMade"
    assert sorted(proto.events[1:4]) == [("lost", 0), ("lost", 1), ("lost", 2)]
    assert proto.events[4:] == [("exited", "ProcessDone"), ("ended", "ProcessDone")]
    assert reason == (error.ProcessDone, 0, None)
    assert childPids() == []


def test_stdin_round_trip_and_close_stdin(reactor, run):
    proto, transport = spawn(reactor, "import sys; sys.stdout.write(sys.stdin.read().upper())")
    transport.write(b"hello ")
    transport.writeSequence([b"world"])
    transport.closeStdin()
    run(lambda: proto.ended)
    assert proto.data[1] == b"HELLO WORLD"


def test_non_zero_exit(reactor, run):
    proto, _ = spawn(reactor, "raise SystemExit(7)")
    reason = run(lambda: proto.ended)
    assert reason == (error.ProcessTerminated, 7, None)


def test_killed_by_signal_and_signal_after_exit(reactor, run):
    proto, transport = spawn(reactor, "import time; print('ready', flush=True); time.sleep(30)")
    pid = transport.pid

    def onData(fd, data):
        Recorder.childDataReceived(proto, fd, data)
        transport.signalProcess("KILL")

    proto.childDataReceived = onData
    reason = run(lambda: proto.ended)
    assert reason == (error.ProcessTerminated, None, 9)
    assert transport.pid is None and pid not in childPids()
    with pytest.raises(error.ProcessExitedAlready):
        transport.signalProcess("TERM")


def test_extra_child_fds(reactor, run):
    code = "import os; os.write(3, b'three'); print(os.read(4, 10).decode())"
    proto, transport = spawn(reactor, code, childFDs={1: "r", 3: "r", 4: "w"})
    transport.writeToChild(4, b"four")
    transport.closeChildFD(4)
    run(lambda: proto.ended)
    assert proto.data == {3: b"three", 1: b"four\n"}


def test_path_and_env(reactor, tmp_path, run):
    proto = Recorder()
    reactor.spawnProcess(proto, PY, [PY, "-c", "import os; print(os.getcwd(), os.environ['X'])"],
                         env={"X": "y"}, path=str(tmp_path))
    run(lambda: proto.ended)
    assert proto.data[1] == f"{tmp_path} y\n".encode()


def test_pty(reactor, run):
    proto, _ = spawn(reactor, "import os; print(os.isatty(0), os.isatty(1))", usePTY=True)
    run(lambda: proto.ended)
    assert proto.data[1].strip() == b"True True"


def test_flooding_child_does_not_block_the_loop(reactor, run):
    proto, _ = spawn(reactor, "import sys; sys.stdout.buffer.write(b'x' * 5_000_000)")
    ticks = []

    def tick():
        ticks.append(1)
        if not proto.ended.called:
            reactor.callLater(0.001, tick)

    reactor.callLater(0, tick)
    run(lambda: proto.ended)
    assert len(proto.data[1]) == 5_000_000
    assert len(ticks) > 5


def test_many_children_leave_no_zombie_and_no_fd(reactor, run):
    before = len(os.listdir("/proc/self/fd"))
    protos = [spawn(reactor, f"raise SystemExit({i % 3})")[0] for i in range(20)]
    run(lambda: defer.DeferredList([p.ended for p in protos]))
    assert [p.ended.result[1] for p in protos] == [i % 3 for i in range(20)]
    assert childPids() == []
    assert len(os.listdir("/proc/self/fd")) == before


def test_exception_in_callback_is_logged_and_process_still_ends(reactor, run):
    errors = []

    def observe(event):
        if event.get("isError"):
            errors.append(event)

    class Broken(Recorder):
        def childDataReceived(self, fd, data):
            raise ZeroDivisionError(fd)

    log.addObserver(observe)
    try:
        proto, _ = spawn(reactor, "import os; os.write(1, b'x')", Broken())
        run(lambda: proto.ended)
    finally:
        log.removeObserver(observe)
    assert [(e["failure"].type, e["failure"].value.args) for e in errors] == [
        (ZeroDivisionError, (1,))]


def test_missing_executable_raises(reactor):
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(FileNotFoundError):
        reactor.spawnProcess(Recorder(), "no-such-program", ["x"], env={"PATH": "/nonexistent"})
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="switching user needs root")
def test_uid_and_gid(reactor, run):
    proto = Recorder()  # /bin/sh: this venv's python may not be readable by "nobody"
    reactor.spawnProcess(proto, "/bin/sh", ["sh", "-c", "echo $(id -u) $(id -g)"], env=None,
                         uid=65534, gid=65534, path="/")
    run(lambda: proto.ended)
    assert proto.data.get(1) == b"65534 65534\n", proto.data


def test_shutdown_with_a_running_child_releases_descriptors(reactor, run):
    proto, transport = spawn(reactor, "import time; time.sleep(60)")
    pid = transport.pid
    run(lambda: None)
    assert all(p.fd == -1 for p in transport.pipes.values())
    os.kill(pid, 9)
    os.waitpid(pid, 0)


def test_default_environment_is_empty(reactor, run):
    proto = Recorder()
    reactor.spawnProcess(proto, PY, [PY, "-c", "import os; print('PATH' in os.environ)"])
    run(lambda: proto.ended)
    assert proto.data[1] == b"False\n"


def test_parent_descriptor_handed_to_the_child(reactor, run):
    r, w = os.pipe()
    try:
        proto, _ = spawn(reactor, "import os; os.write(5, b'direct')", childFDs={1: "r", 5: w})
        run(lambda: proto.ended)
        assert os.read(r, 100) == b"direct"
    finally:
        os.close(r)
        os.close(w)


def test_close_stdout_reports_the_loss(reactor, run):
    code = "import sys, time; time.sleep(0.2); print('late')"
    proto, transport = spawn(reactor, code)
    transport.closeStdout()
    run(lambda: proto.ended)
    assert ("lost", 1) in proto.events and 1 not in proto.data
    assert proto.events[-1] == ("ended", "ProcessTerminated")


def test_writing_after_standard_input_is_gone_drops_the_data(reactor, run):
    # Twisted's Process.write: "This will silently lose data if there is no standard input."
    class WritesWhenStdinIsLost(Recorder):
        def childConnectionLost(self, fd):
            super().childConnectionLost(fd)
            if fd == 0:
                self.transport.write(b"too late\n")
                self.transport.writeSequence([b"still ", b"too late\n"])
                self.events.append("wrote")

    proto, transport = spawn(reactor, "import sys; sys.stdin.close(); print('done')",
                             WritesWhenStdinIsLost())
    transport.closeStdin()
    run(lambda: proto.ended)
    assert proto.events.index("wrote") == proto.events.index(("lost", 0)) + 1
    assert proto.data[1] == b"done\n"
    assert proto.events[-1] == ("ended", "ProcessDone")
    with pytest.raises(KeyError):
        transport.writeToChild(0, b"x")  # writeToChild names a descriptor: none is KeyError
