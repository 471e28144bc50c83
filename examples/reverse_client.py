"""Connect to the endpoint a string describes, send a line, print the answer."""

import sys

from twisted.internet import defer, endpoints, task
from twisted.protocols import basic


class AskOnce(basic.LineReceiver):
    def __init__(self, question):
        self.question = question
        self.answer = defer.Deferred()

    def connectionMade(self):
        self.sendLine(self.question.encode())

    def lineReceived(self, line):
        self.answer.callback(line.decode())
        self.transport.loseConnection()


@defer.inlineCallbacks
def main(reactor, description, question):
    endpoint = endpoints.clientFromString(reactor, description)
    try:
        client = yield endpoints.connectProtocol(endpoint, AskOnce(question))
    except Exception as e:
        print("cannot connect:", type(e).__name__)
        return
    print((yield client.answer))


task.react(main, sys.argv[1:])
