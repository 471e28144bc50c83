"""Log in (arguments: NAME PASSWORD TEXT), post a note, read all the notes."""

import sys

import pbnotes  # noqa: F401 (registers RemoteNote, the copy of a Note)
from twisted.cred.credentials import UsernamePassword
from twisted.cred.error import UnauthorizedLogin
from twisted.internet import task
from twisted.spread import pb


def loginRefused(failure):
    failure.trap(UnauthorizedLogin)
    print("login refused")


def postAndRead(member, text):
    d = member.callRemote("post", text)
    d.addCallback(lambda count: print(f"posted as note {count}"))
    d.addCallback(lambda _: member.callRemote("read"))
    d.addCallback(lambda notes: [print(note) for note in notes])
    return d


def main(reactor, name, password, text):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", 18041, factory)
    d = factory.login(UsernamePassword(name.encode(), password.encode()))
    d.addCallbacks(postAndRead, loginRefused, callbackArgs=(text,))
    return d


task.react(main, sys.argv[1:])
