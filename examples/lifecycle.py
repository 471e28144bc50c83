"""Startup and shutdown: event triggers; a "before" trigger takes its time."""

from twisted.internet import reactor, task


def started():
    print("the reactor is running")
    reactor.callLater(0.1, reactor.stop)


def save_state():
    print("before shutdown: saving state")
    # Returning a Deferred makes the reactor wait until it fires.
    return task.deferLater(reactor, 0.2, print, "state saved")


reactor.callWhenRunning(started)
reactor.addSystemEventTrigger("before", "shutdown", save_state)
reactor.addSystemEventTrigger("after", "shutdown",
                              print, "after shutdown: goodbye")
reactor.run()
print("run() has returned")
