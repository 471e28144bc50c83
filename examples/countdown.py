"""A LoopingCall counting down, and a delayed call cancelled before it fires."""

from twisted.internet import reactor, task

remaining = [3]


def tick():
    print(remaining[0])
    remaining[0] -= 1
    if remaining[0] == 0:
        loop.stop()


def never():
    print("this line is never printed")


def finished(loop):
    print("liftoff")
    reactor.stop()


reminder = reactor.callLater(60, never)
print("reminder pending:", reminder.active())
reminder.cancel()
print("reminder pending:", reminder.active())
loop = task.LoopingCall(tick)
loop.start(0.1).addCallback(finished)
reactor.run()
