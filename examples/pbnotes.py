"""What the board's servers and clients share: the copyable Note, its error."""

from twisted.spread import pb


class EmptyNote(pb.Error):
    """A note without text: a pb.Error, sent to the caller, not logged."""


class Note(pb.Copyable):
    """A note as the server keeps it."""

    def __init__(self, author, text, topic=None):
        self.author = author
        self.text = text
        self.topic = topic

    def getStateToCopy(self):
        # The topic stays on the server: a copy has only the author and text.
        return {"author": self.author, "text": self.text}


class RemoteNote(pb.RemoteCopy):
    """The copy of a Note that a client receives."""

    def __str__(self):
        return f"{self.author}: {self.text}"


pb.setUnjellyableForClass(Note, RemoteNote)
