"""The smallest reactor program: schedule one call, run the loop, stop it."""

from twisted.internet import reactor


def greet():
    print("Hello from the reactor")
    reactor.stop()


reactor.callWhenRunning(greet)
reactor.run()
