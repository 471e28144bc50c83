"""IReactorCore: startup and shutdown triggers by phase, running, stop errors, resolve."""

from twisted.internet import defer, error, reactor

print("running before run:", reactor.running)
try:
    reactor.stop()
except error.ReactorNotRunning:
    print("stop before run: ReactorNotRunning")

reactor.addSystemEventTrigger("before", "startup", print, "startup before")
reactor.addSystemEventTrigger("during", "startup", print, "startup during")
reactor.addSystemEventTrigger("after", "startup", print, "startup after")


def slowBeforeShutdown():
    print("shutdown before: waiting")
    d = defer.Deferred()
    reactor.callLater(0.05, lambda: (print("shutdown before: done"), d.callback(None)))
    return d


reactor.addSystemEventTrigger("before", "shutdown", slowBeforeShutdown)
reactor.addSystemEventTrigger("during", "shutdown", print, "shutdown during")
reactor.addSystemEventTrigger("after", "shutdown", print, "shutdown after")
gone = reactor.addSystemEventTrigger("after", "shutdown", print, "never printed")
reactor.removeSystemEventTrigger(gone)
reactor.addSystemEventTrigger("during", "custom", print, "custom during")
reactor.addSystemEventTrigger("before", "custom", print, "custom before")


def whenRunning(label):
    print(label, "running:", reactor.running)


reactor.callWhenRunning(whenRunning, "callWhenRunning")


@defer.inlineCallbacks
def main():
    whenRunning("main")
    reactor.fireSystemEvent("custom")
    address = yield reactor.resolve("127.0.0.1")
    print("resolved literal:", address)
    try:
        yield reactor.resolve("no-such-host.invalid")
    except error.DNSLookupError:
        print("resolve failure: DNSLookupError")
    try:
        reactor.run()
    except error.ReactorAlreadyRunning:
        print("run while running: ReactorAlreadyRunning")
    reactor.callWhenRunning(whenRunning, "callWhenRunning while running")
    reactor.stop()
    try:
        reactor.stop()
    except error.ReactorNotRunning:
        print("second stop: ReactorNotRunning")


reactor.callWhenRunning(main)
reactor.run()
print("run returned; running:", reactor.running)
