"""The notice board behind a login: a member's avatar posts under their name."""

from pbnotes import EmptyNote, Note
from twisted.cred import checkers, portal
from twisted.internet import reactor
from twisted.spread import pb
from zope.interface import implementer


class Member(pb.Avatar):
    """What a logged-in member may do: its perspective_ methods."""

    def __init__(self, name, notes):
        self.name = name
        self.notes = notes

    def perspective_post(self, text):
        if not text.strip():
            raise EmptyNote("a note needs some text")
        self.notes.append(Note(self.name, text))
        return len(self.notes)

    def perspective_read(self):
        return self.notes


@implementer(portal.IRealm)
class BoardRealm:
    """Makes the avatar of a member whose password the checker accepted."""

    def __init__(self):
        self.notes = []

    def requestAvatar(self, avatarId, mind, *interfaces):
        if pb.IPerspective not in interfaces:
            raise NotImplementedError("this board speaks PB only")
        member = Member(avatarId.decode(), self.notes)
        return pb.IPerspective, member, lambda: None


members = checkers.InMemoryUsernamePasswordDatabaseDontUse()
members.addUser(b"alice", b"rabbit hole")
members.addUser(b"bob", b"can we fix it")
board = portal.Portal(BoardRealm(), [members])
reactor.listenTCP(18041, pb.PBServerFactory(board), interface="127.0.0.1")
reactor.run()
