"""The AMP commands that the stock server answers and the stock client sends."""

from twisted.protocols import amp


class UnknownItem(Exception):
    """No such item is kept in stock."""


class NotEnough(Exception):
    """Fewer items are left than were asked for."""


class Reserve(amp.Command):
    """Take ``count`` of ``item`` out of the stock; answer how many are left."""

    arguments = [(b"item", amp.Unicode()), (b"count", amp.Integer())]
    response = [(b"left", amp.Integer())]
    errors = {UnknownItem: b"UNKNOWN_ITEM", NotEnough: b"NOT_ENOUGH"}


# One line of the stock list: an item and the number left.
STOCK_LINE = [(b"item", amp.Unicode()), (b"left", amp.Integer())]


class Count(amp.Command):
    """List every item with the number left."""

    arguments = []
    response = [(b"items", amp.AmpList(STOCK_LINE))]
