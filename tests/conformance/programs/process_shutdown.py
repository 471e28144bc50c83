"""A ProcessProtocol whose child still runs when SIGINT stops the reactor; one whose
connectionMade raises."""

import os
import signal
import sys

from twisted.internet import protocol, reactor
from twisted.python import log

events = []


def observe(event):
    if event.get("isError"):
        why = event.get("why") or "Unhandled Error"
        print(f"error logged: {why}: {event['failure'].value!r}")


class Sleeper(protocol.ProcessProtocol):
    def connectionMade(self):
        events.append("connectionMade")

    def inConnectionLost(self):
        events.append("inConnectionLost")

    def outConnectionLost(self):
        events.append("outConnectionLost")

    def errConnectionLost(self):
        events.append("errConnectionLost")

    def processExited(self, reason):
        events.append("processExited")

    def processEnded(self, reason):
        events.append("processEnded")


class Broken(protocol.ProcessProtocol):
    def connectionMade(self):
        raise ValueError("broken connectionMade")

    def processEnded(self, reason):
        print("broken child ended:", reason.value.exitCode)
        reactor.callLater(0.2, os.kill, os.getpid(), signal.SIGINT)


log.addObserver(observe)
child = reactor.spawnProcess(Sleeper(), sys.executable,
                             [sys.executable, "-c", "import time; time.sleep(30)"])
reactor.callWhenRunning(reactor.spawnProcess, Broken(), sys.executable,
                        [sys.executable, "-c", "pass"])
reactor.run()
# The order of the lost pipes follows Twisted's set of readers: compare them as a set.
print("before the child ended:", sorted(events))
child.signalProcess("KILL")
