"""Classes both ends of the PB interop programs know: copies, caches and errors."""

from twisted.spread import pb


class PondError(pb.Error):
    """An error the server raises on purpose."""


class Point(pb.Copyable):
    """A value sent by copy."""

    def __init__(self, x, y):
        self.x = x
        self.y = y


class RemotePoint(pb.RemoteCopy):
    """The receiving end's copy of a Point."""


pb.setUnjellyableForClass(Point, RemotePoint)


class Pond(pb.Cacheable):
    """A cached object: the peers holding copies hear of each duck added."""

    def __init__(self):
        self.ducks = ["mallard"]
        self.observers = []

    def getStateToCacheAndObserveFor(self, perspective, observer):
        self.observers.append(observer)
        return {"ducks": self.ducks}

    def addDuck(self, name):
        self.ducks.append(name)
        for observer in self.observers:
            observer.callRemote("addDuck", name)

    def stoppedObserving(self, perspective, observer):
        self.observers.remove(observer)


class RemotePond(pb.RemoteCache):
    """The client's copy of the Pond."""

    def setCopyableState(self, state):
        self.ducks = list(state["ducks"])

    def observe_addDuck(self, name):
        self.ducks.append(name)


pb.setUnjellyableForClass(Pond, RemotePond)
