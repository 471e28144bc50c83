"""An AMP server that keeps a small stock and answers Reserve and Count."""

from stockcommands import Count, NotEnough, Reserve, UnknownItem
from twisted.internet import protocol, reactor
from twisted.protocols import amp


class Stock(amp.AMP):
    def __init__(self, shelves):
        super().__init__()
        self.shelves = shelves

    @Reserve.responder
    def reserve(self, item, count):
        if item not in self.shelves:
            raise UnknownItem(f"we do not sell {item}")
        if count > self.shelves[item]:
            raise NotEnough(f"only {self.shelves[item]} {item} left")
        self.shelves[item] -= count
        return {"left": self.shelves[item]}

    @Count.responder
    def count(self):
        return {"items": [{"item": item, "left": left}
                          for item, left in sorted(self.shelves.items())]}


class StockFactory(protocol.Factory):
    def __init__(self):
        self.shelves = {"apples": 10, "pears": 4}

    def buildProtocol(self, addr):
        return Stock(self.shelves)


reactor.listenTCP(18030, StockFactory(), interface="127.0.0.1")
reactor.run()
