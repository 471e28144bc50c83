"""The interfaces of jelly's participants, mirroring ``twisted.spread.interfaces``."""

from zope.interface import Interface


class IJellyable(Interface):
    """An object that writes its own jelly."""

    def jellyFor(jellier):
        """The s-expression standing for this object."""


class IUnjellyable(Interface):
    """An object that reads its own state back from jelly."""

    def unjellyFor(jellier, jellyList):
        """Fill this object from ``jellyList``; return the object to use."""
