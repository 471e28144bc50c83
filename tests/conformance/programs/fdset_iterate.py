"""IReactorFDSet with a pipe, and driving the loop by hand with iterate and crash."""

import os

from twisted.internet import error, reactor
from twisted.python import failure


class PipeReader:
    """A selectable reading a pipe: returns ConnectionDone once the writer closed it."""

    def __init__(self, fd):
        self.fd = fd
        self.chunks = []

    def fileno(self):
        return self.fd

    def logPrefix(self):
        return "PipeReader"

    def doRead(self):
        data = os.read(self.fd, 1024)
        if not data:
            return error.ConnectionDone()
        self.chunks.append(data)
        return None

    def connectionLost(self, reason):
        print("reader connectionLost:", reason.type.__name__, "after", b"".join(self.chunks))
        os.close(self.fd)


class Exploding(PipeReader):
    def doRead(self):
        raise RuntimeError("doRead exploded")


readEnd, writeEnd = os.pipe()
reader = PipeReader(readEnd)
reactor.addReader(reader)
print("reader watched:", reader in reactor.getReaders(), "as writer:",
      reader in reactor.getWriters())
os.write(writeEnd, b"first ")
reactor.iterate(0.1)
os.write(writeEnd, b"second")
reactor.iterate(0.1)
reactor.removeReader(reader)
print("after removeReader:", reader in reactor.getReaders())
os.write(writeEnd, b" third")
reactor.iterate(0.05)
print("nothing read while removed:", b"".join(reader.chunks))
reactor.addReader(reader)
os.close(writeEnd)
for _ in range(3):
    reactor.iterate(0.05)
print("removed after disconnect:", reader in reactor.getReaders())

readEnd, writeEnd = os.pipe()
bomb = Exploding(readEnd)
reactor.addReader(bomb)
os.write(writeEnd, b"x")
reactor.iterate(0.1)
os.close(writeEnd)

readEnd, writeEnd = os.pipe()
kept = PipeReader(readEnd)
reactor.addReader(kept)
reactor.addWriter(kept)
removed = reactor.removeAll()
print("removeAll returned our reader:", kept in removed, "still watched:",
      kept in reactor.getReaders() or kept in reactor.getWriters())
kept.connectionLost(failure.Failure(error.ConnectionDone()))
os.close(writeEnd)


def crashNow():
    print("crashing, running:", reactor.running)
    reactor.crash()


reactor.callLater(0, crashNow)
reactor.addSystemEventTrigger("before", "shutdown", print, "shutdown triggers run only on stop")
reactor.run()
print("run returned after crash, running:", reactor.running)
reactor.callLater(0, reactor.stop)
reactor.run()
print("second run stopped cleanly")
