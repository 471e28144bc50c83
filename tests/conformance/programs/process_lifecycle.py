"""IReactorProcess: callbacks, exit codes, signals, stdin, extra descriptors, utils."""

import os
import sys

from twisted.internet import defer, error, protocol, reactor, utils

PY = sys.executable


class Recorder(protocol.ProcessProtocol):
    def __init__(self, label):
        self.label = label
        self.data = {}
        self.events = []
        self.done = defer.Deferred()

    def connectionMade(self):
        self.events.append("connectionMade")

    def childDataReceived(self, fd, data):
        self.data[fd] = self.data.get(fd, b"") + data
        protocol.ProcessProtocol.childDataReceived(self, fd, data)

    def inConnectionLost(self):
        self.events.append("inConnectionLost")

    def outConnectionLost(self):
        self.events.append("outConnectionLost")

    def errConnectionLost(self):
        self.events.append("errConnectionLost")

    def processExited(self, reason):
        self.events.append("processExited " + reason.type.__name__)

    def processEnded(self, reason):
        v = reason.value
        self.events.append("processEnded " + reason.type.__name__)
        # Twisted itself reports the pipes' losses in no fixed order: print them sorted.
        lost = sorted(e for e in self.events if e.endswith("ConnectionLost"))
        print(self.label, "first:", self.events[0], "lost:", lost, "last two:", self.events[-2:])
        print(self.label, "data:", sorted(self.data.items()))
        print(self.label, "reason:", v.exitCode, v.signal, reason.getErrorMessage())
        self.done.callback(None)


def spawn(label, code, **kw):
    proto = Recorder(label)
    transport = reactor.spawnProcess(proto, PY, [PY, "-c", code], env=os.environ, **kw)
    return proto, transport


@defer.inlineCallbacks
def main():
    proto, _ = spawn("clean", "import sys; sys.stdout.write('out'); sys.stderr.write('err')")
    yield proto.done

    proto, _ = spawn("exit3", "raise SystemExit(3)")
    yield proto.done

    proto, transport = spawn("stdin", "import sys; sys.stdout.write(sys.stdin.read()[::-1])")
    transport.write(b"abc")
    transport.writeSequence([b"def", b"gh"])
    transport.closeStdin()
    yield proto.done

    proto, transport = spawn("killed", "import os, time; os.write(1, b'up'); time.sleep(60)")
    proto.outReceived = lambda data: transport.signalProcess("KILL")
    yield proto.done
    try:
        transport.signalProcess("TERM")
    except error.ProcessExitedAlready:
        print("signal after exit: ProcessExitedAlready; pid is", transport.pid)

    code = "import os; os.write(3, b'via fd 3'); os.write(1, os.read(4, 100))"
    proto, transport = spawn("fds", code, childFDs={1: "r", 3: "r", 4: "w"})
    transport.writeToChild(4, b"to fd 4")
    transport.closeChildFD(4)
    yield proto.done

    out = yield utils.getProcessOutput(PY, ["-c", "print('hello')"], env=os.environ)
    print("getProcessOutput:", out)
    try:
        yield utils.getProcessOutput(PY, ["-c", "import sys; sys.stderr.write('oops')"],
                                     env=os.environ)
    except OSError as e:
        print("getProcessOutput with stderr:", e)
        yield e.processEnded.addErrback(lambda f: print("  then ended:", f.type.__name__))
    both = yield utils.getProcessOutput(PY, ["-c", "import sys; sys.stderr.write('e')"],
                                        env=os.environ, errortoo=True)
    print("errortoo:", both)
    value = yield utils.getProcessValue(PY, ["-c", "raise SystemExit(5)"], env=os.environ)
    print("getProcessValue:", value)
    everything = yield utils.getProcessOutputAndValue(
        PY, ["-c", "import sys; print('o'); sys.stderr.write('e'); sys.exit(2)"], env=os.environ)
    print("getProcessOutputAndValue:", everything)
    killed = utils.getProcessOutputAndValue(
        PY, ["-c", "import os; print('o', flush=True); os.kill(os.getpid(), 9)"], env=os.environ)
    yield killed.addErrback(lambda f: print("killed getProcessOutputAndValue:", tuple(f.value)))


def stop(result):
    if isinstance(result, Exception) or hasattr(result, "getTraceback"):
        print("FAILED", result)
    reactor.stop()


reactor.callWhenRunning(lambda: main().addBoth(stop))
reactor.run()
