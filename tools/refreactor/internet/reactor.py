"""Importing this module installs the default reactor and gives it in place of the module.

As with ``twisted.internet.reactor``: ``from refreactor.internet import reactor`` yields the
reactor object itself.
"""

import sys

from refreactor.internet import epollreactor

# This half-imported module stands in the way of installing: the reactor takes its place.
del sys.modules[__name__]
epollreactor.install()
