"""IReactorTime and IDelayedCall: ordering, cancel, reset, delay, active, errors."""

from twisted.internet import error, reactor

order = []
start = reactor.seconds()
print("seconds is a float:", isinstance(start, float))

reactor.callLater(0.03, order.append, "c at 0.03")
same = [reactor.callLater(0.01, order.append, f"same-time {i}") for i in range(4)]
cancelled = reactor.callLater(0.01, order.append, "cancelled")
cancelled.cancel()
moved = reactor.callLater(0.005, order.append, "reset to 0.04")
moved.reset(0.04)
pushed = reactor.callLater(0.02, order.append, "delayed to 0.05")
pushed.delay(0.03)
print("active:", moved.active(), "cancelled active:", cancelled.active())
print("delayed call time is after now:", pushed.getTime() > reactor.seconds())
print("pending calls:", len(reactor.getDelayedCalls()))


def nested():
    order.append("nested 0")
    reactor.callLater(0, order.append, "scheduled from nested")


reactor.callLater(0, nested)
reactor.callLater(0, order.append, "after nested")


def finish():
    for line in order:
        print(line)
    for call, name in ((cancelled, "cancelled"), (moved, "called")):
        for action in (call.cancel, lambda c=call: c.reset(1), lambda c=call: c.delay(1)):
            try:
                action()
            except (error.AlreadyCalled, error.AlreadyCancelled) as e:
                print(name, type(e).__name__, str(e))
    print("active after:", moved.active(), cancelled.active())
    print("pending calls at end:", len(reactor.getDelayedCalls()))
    reactor.stop()


reactor.callLater(0.08, finish)
reactor.run()
