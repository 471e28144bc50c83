"""SIGINT arriving while a connection's callback runs: the reactor's "Received SIGINT" event
is its own (namespace twisted.internet.base), not logged under that connection's system;
what the connection logs itself still carries its prefix."""

import os
import signal

from twisted.internet import protocol, reactor
from twisted.logger import globalLogPublisher
from twisted.python import log

INTERESTING = ("Received SIGINT", "interrupting", "Main loop terminated")


def legacy(event):
    text = log.textFromEventDict(event) or ""
    if text.startswith(INTERESTING):
        print(f"legacy observer: [{event['system']}] {text}")


def modern(event):
    text = log.textFromEventDict(event) if "message" in event else event.get("log_format")
    if text and text.startswith(INTERESTING):
        print(f"new observer: system={event.get('log_system')} "
              f"namespace={event.get('log_namespace')} {text}")


class Interrupter(protocol.Protocol):
    def dataReceived(self, data):
        log.msg("interrupting")
        os.kill(os.getpid(), signal.SIGINT)  # the handler runs inside this callback


class Sender(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"go")


log.addObserver(legacy)
globalLogPublisher.addObserver(modern)
port = reactor.listenTCP(0, protocol.ServerFactory.forProtocol(Interrupter),
                         interface="127.0.0.1")
protocol.ClientCreator(reactor, Sender).connectTCP("127.0.0.1", port.getHost().port)
reactor.run()
print("stopped")
