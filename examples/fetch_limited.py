"""Eight slow jobs, at most three at once: a DeferredSemaphore gives places."""

from twisted.internet import defer, task

PLACES = 3


class Tracker:
    """Counts the jobs running at one time, and the most there ever were."""

    def __init__(self):
        self.running = 0
        self.most = 0

    def started(self):
        self.running += 1
        self.most = max(self.most, self.running)

    def finished(self, result):
        self.running -= 1
        return result


def fetch(reactor, tracker, number):
    """Pretend to download page ``number``: it takes a tenth of a second."""
    tracker.started()
    d = task.deferLater(reactor, 0.1,
                        lambda: f"page {number}: {number * 100} bytes")
    return d.addBoth(tracker.finished)


@defer.inlineCallbacks
def main(reactor):
    tracker = Tracker()
    places = defer.DeferredSemaphore(PLACES)
    jobs = [places.run(fetch, reactor, tracker, number)
            for number in range(1, 9)]
    for line in (yield defer.gatherResults(jobs)):
        print(line)
    print(f"at most {tracker.most} at once, {PLACES} allowed")


task.react(main)
