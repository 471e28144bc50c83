"""A notice board over PB: its topics are references, its notes copies."""

from pbnotes import EmptyNote, Note
from twisted.internet import reactor
from twisted.spread import pb


class Topic(pb.Referenceable):
    """One topic of the board; clients hold a remote reference to it."""

    def __init__(self, name):
        self.name = name
        self.notes = []

    def remote_post(self, author, text):
        if not text.strip():
            raise EmptyNote("a note needs some text")
        self.notes.append(Note(author, text, self))
        return len(self.notes)

    def remote_read(self):
        return self.notes


class Board(pb.Root):
    """The object a client reaches first: it hands out the topics."""

    def __init__(self):
        self.topics = {}

    def remote_topic(self, name):
        if name not in self.topics:
            self.topics[name] = Topic(name)
        return self.topics[name]


reactor.listenTCP(18040, pb.PBServerFactory(Board()), interface="127.0.0.1")
reactor.run()
