"""twisted.internet.stdio.StandardIO: child programs on pipes, files and /dev/null, each run
on refreactor and on Twisted, which must print the same."""

import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent("""
    import sys
    from zope.interface import implementer
    from twisted.internet import endpoints, interfaces, protocol, reactor, stdio
    from twisted.protocols import basic

    class Echo(basic.LineReceiver):
        delimiter = b"\\n"

        def connectionMade(self):
            self.transport.write(b"ready\\n")

        def lineReceived(self, line):
            self.sendLine(b"echo: " + line)
            if line == b"quit":
                self.transport.loseConnection()

        def connectionLost(self, reason):
            sys.stderr.write("lost: " + reason.type.__name__ + "\\n")
            reactor.stop()

    @implementer(interfaces.IHalfCloseableProtocol)
    class HalfClose(Echo):
        def readConnectionLost(self):
            sys.stderr.write("input ended\\n")
            self.sendLine(b"bye")
            self.transport.loseConnection()

        def writeConnectionLost(self):
            pass

    kind = sys.argv[1]
    if kind == "endpoint":
        endpoints.serverFromString(reactor, "stdio:").listen(
            protocol.Factory.forProtocol(Echo))
    else:
        stdio.StandardIO(HalfClose() if kind == "half" else Echo())
    reactor.run()
""")


@pytest.mark.parametrize("kind", ["plain", "endpoint"])
def test_lines_from_a_pipe_and_quit(tmp_path, kind):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    outcomes = []
    for prefix in (["-m", "refreactor"], []):
        child = subprocess.run([sys.executable, *prefix, str(script), kind],
                               input=b"a\nquit\nnot read\n", capture_output=True, timeout=60)
        outcomes.append((child.returncode, child.stdout, child.stderr.decode()))
    expected = (0, b"ready\necho: a\necho: quit\n", "lost: ConnectionDone\n")
    assert outcomes == [expected, expected]


def test_end_of_input_half_closes_a_half_closeable_protocol(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    outcomes = []
    for prefix in (["-m", "refreactor"], []):
        child = subprocess.run([sys.executable, *prefix, str(script), "half"], input=b"x\n",
                               capture_output=True, timeout=60)
        outcomes.append((child.returncode, child.stdout, child.stderr.decode()))
    expected = (0, b"ready\necho: x\nbye\n", "input ended\nlost: ConnectionDone\n")
    assert outcomes == [expected, expected]


def test_regular_files_for_input_and_output(tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"".join(b"line %d\n" % n for n in range(2000)))
    outputs = []
    for prefix in (["-m", "refreactor"], []):
        script = tmp_path / "child.py"
        script.write_text(CHILD)
        target = tmp_path / "out.txt"
        with open(source, "rb") as stdin, open(target, "wb") as stdout:
            child = subprocess.run([sys.executable, *prefix, str(script), "half"], stdin=stdin,
                                   stdout=stdout, stderr=subprocess.PIPE, timeout=60)
        assert child.returncode == 0, child.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"ready\necho: line 0\n") and outputs[0].endswith(b"bye\n")


def test_dev_null_input(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    outcomes = []
    for prefix in (["-m", "refreactor"], []):
        with open("/dev/null", "rb") as null:
            child = subprocess.run([sys.executable, *prefix, str(script), "half"], stdin=null,
                                   capture_output=True, timeout=60)
        outcomes.append((child.returncode, child.stdout, child.stderr.decode()))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] == b"ready\nbye\n"
