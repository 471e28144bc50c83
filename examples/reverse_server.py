"""A server listening where its description string says; lines come back
reversed.
"""

import sys

from twisted.internet import defer, endpoints, protocol, task
from twisted.protocols import basic


class Reverse(basic.LineReceiver):
    def lineReceived(self, line):
        self.sendLine(line[::-1])


@defer.inlineCallbacks
def main(reactor, description):
    endpoint = endpoints.serverFromString(reactor, description)
    try:
        yield endpoint.listen(protocol.Factory.forProtocol(Reverse))
    except Exception as e:
        print("cannot listen:", type(e).__name__)
        return
    print("listening on", description)
    # A Deferred that never fires: react() keeps the server up until killed.
    yield defer.Deferred()


task.react(main, sys.argv[1:])
