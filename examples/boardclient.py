"""Post a note to a topic (arguments: TOPIC AUTHOR TEXT), then read it."""

import sys

from pbnotes import EmptyNote
from twisted.internet import task
from twisted.spread import pb


def refused(failure):
    failure.trap(EmptyNote)
    print("refused:", failure.getErrorMessage())


def posted(count, topicName):
    print(f"posted as note {count} of {topicName}")


def show(notes, topicName):
    for note in notes:
        print(f"{topicName}> {note}")


def postAndRead(topic, topicName, author, text):
    d = topic.callRemote("post", author, text)
    d.addCallbacks(posted, refused, callbackArgs=(topicName,))
    d.addCallback(lambda _: topic.callRemote("read"))
    d.addCallback(show, topicName)
    return d


def main(reactor, topicName, author, text):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", 18040, factory)
    d = factory.getRootObject()
    d.addCallback(lambda board: board.callRemote("topic", topicName))
    d.addCallback(postAndRead, topicName, author, text)
    return d


task.react(main, sys.argv[1:])
