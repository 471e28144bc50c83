"""Names programs use: log.logfile and discardLogs, util.println, protocol.FileWrapper."""

import io

from twisted.internet import protocol
from twisted.logger import formatEvent, globalLogPublisher
from twisted.python import log, util


def show(event):
    print(f"event [{event['log_namespace']}#{event['log_level'].name}] {formatEvent(event)}")


class Upper(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data.upper())


class Full:
    def write(self, data):
        raise OSError("disk full")

    def close(self):
        raise OSError("cannot close")


globalLogPublisher.addObserver(show)
log.logfile.write("a line\nand half")
log.logfile.write(" of another\n")
log.logerr.write("an error\n")
log.discardLogs()
log.logfile.write("discarded\n")
print("logfile after discardLogs:", type(log.logfile).__name__)
globalLogPublisher.removeObserver(show)

util.println("println:", 1, None, [2])

out = io.BytesIO()
transport = protocol.FileWrapper(out)
upper = Upper()
upper.makeConnection(transport)
upper.dataReceived(b"abc")
transport.writeSequence([b"-", b"de"])
print("written:", out.getvalue(), "peer:", transport.getPeer(), "host:", transport.getHost())
transport.loseConnection()
print("closed:", transport.closed, out.closed)

broken = protocol.FileWrapper(Full())
broken.write(b"lost")
broken.loseConnection()
print("errors swallowed, closed:", broken.closed)
