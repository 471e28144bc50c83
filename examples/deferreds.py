"""Deferreds: a later result, callbacks, a recovering errback, gatherResults."""

from twisted.internet import defer, reactor, task


class NoSuchUser(Exception):
    pass


USERS = {"alice": "Alice Liddell", "bob": "Bob Cratchit"}


def look_up(login):
    """Pretend to ask a slow directory: the answer comes 0.1 s later."""
    if login not in USERS:
        return task.deferLater(reactor, 0.1, _fail, login)
    return task.deferLater(reactor, 0.1, USERS.get, login)


def _fail(login):
    raise NoSuchUser(login)


def greeting(name):
    return f"Dear {name},"


def unknown(failure):
    failure.trap(NoSuchUser)
    return f"(no user called {failure.value})"


def show(lines):
    for line in lines:
        print(line)


lookups = [look_up(login).addCallback(greeting).addErrback(unknown)
           for login in ("alice", "mallory", "bob")]
done = defer.gatherResults(lookups).addCallback(show)
done.addBoth(lambda _: reactor.stop())
reactor.run()
