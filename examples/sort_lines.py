"""Feed a child's stdin, close it, read its output; then getProcessOutput."""

from twisted.internet import protocol, reactor, utils


class Sorter(protocol.ProcessProtocol):
    def connectionMade(self):
        self.transport.write(b"pear\napple\nfig\n")
        self.transport.closeStdin()
        self.sorted = b""

    def outReceived(self, data):
        self.sorted += data

    def processEnded(self, reason):
        print("sorted:", self.sorted.decode().split())
        utils.getProcessOutput("/bin/echo", ["done"]).addCallback(finish)


def finish(output):
    print("echo said:", output.decode().strip())
    reactor.stop()


reactor.spawnProcess(Sorter(), "/usr/bin/sort", ["sort"], env={"LC_ALL": "C"})
reactor.run()
