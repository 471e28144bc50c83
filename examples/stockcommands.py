"""The AMP commands that the stock server answers and the stock client sends."""

from twisted.protocols import amp


class UnknownItem(Exception):
    """No such item is kept in stock."""


class NotEnough(Exception):
    """Fewer items are left than were asked for."""


class Reserve(amp.Command):
    """Take ``count`` of ``item`` out of the stock; the answer says how many are left."""

    arguments = [(b"item", amp.Unicode()), (b"count", amp.Integer())]
    response = [(b"left", amp.Integer())]
    errors = {UnknownItem: b"UNKNOWN_ITEM", NotEnough: b"NOT_ENOUGH"}


class Count(amp.Command):
    """List every item with the number left."""

    arguments = []
    response = [(b"items", amp.AmpList([(b"item", amp.Unicode()), (b"left", amp.Integer())]))]
