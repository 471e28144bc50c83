"""Blocking work in threads: deferToThread, and a worker reporting back.

The worker hands its progress to the reactor thread with callFromThread.
"""

import hashlib

from twisted.internet import reactor, threads


def digest(data, rounds):
    """CPU-bound work that would freeze the reactor if it ran in its thread."""
    for _ in range(rounds):
        data = hashlib.sha256(data).digest()
    return data.hex()[:16]


def report(step):
    print("worker finished step", step)


def worker():
    for step in (1, 2, 3):
        digest(b"step", 1000)
        reactor.callFromThread(report, step)
    reactor.callFromThread(start_digest)


def start_digest():
    d = threads.deferToThread(digest, b"lore", 10000)
    d.addCallback(lambda hexdigest: print("digest:", hexdigest))
    d.addBoth(lambda _: reactor.stop())


reactor.suggestThreadPoolSize(2)
reactor.callInThread(worker)
reactor.run()
