"""spawnProcess: run a child, collect its two outputs, say how it ended."""

from twisted.internet import error, protocol, reactor

SCRIPT = "echo to stdout; echo to stderr >&2; exit 3"


class Collector(protocol.ProcessProtocol):
    def __init__(self):
        self.out, self.err = b"", b""

    def connectionMade(self):
        print("child started")

    def outReceived(self, data):
        self.out += data

    def errReceived(self, data):
        self.err += data

    def processEnded(self, reason):
        print("stdout:", self.out.decode().strip())
        print("stderr:", self.err.decode().strip())
        if reason.check(error.ProcessTerminated):
            print("exit code:", reason.value.exitCode)
        reactor.stop()


reactor.spawnProcess(Collector(), "/bin/sh", ["sh", "-c", SCRIPT], env={})
reactor.run()
