"""twisted.protocols.policies.TimeoutMixin on refreactor, with a fake clock and a real one."""

from refreactor.internet import error, protocol
from refreactor.internet.defer import Deferred
from refreactor.internet.task import Clock
from refreactor.internet.testing import StringTransport
from refreactor.protocols.policies import TimeoutMixin


class Idle(protocol.Protocol, TimeoutMixin):
    """Times out after 10 idle seconds of ``clock``; data restarts the count."""

    def __init__(self, clock):
        self.clock = clock
        self.timedOut = False

    def callLater(self, period, func):
        return self.clock.callLater(period, func)

    def connectionMade(self):
        self.setTimeout(10)

    def dataReceived(self, data):
        self.resetTimeout()

    def timeoutConnection(self):
        self.timedOut = True
        super().timeoutConnection()


def test_idle_timeout_is_reset_by_data_and_then_fires():
    clock = Clock()
    proto = Idle(clock)
    transport = StringTransport()
    proto.makeConnection(transport)
    clock.advance(9)
    proto.dataReceived(b"x")
    clock.advance(9)
    assert not proto.timedOut
    clock.advance(1)
    assert proto.timedOut and transport.disconnecting
    proto.resetTimeout()  # After the timeout: nothing to restart.
    assert clock.getDelayedCalls() == []


def test_set_timeout_returns_previous_and_none_disarms():
    clock = Clock()
    proto = Idle(clock)
    proto.makeConnection(StringTransport())
    assert proto.setTimeout(3) == 10
    clock.advance(2.5)
    assert proto.setTimeout(None) == 3
    clock.advance(100)
    assert not proto.timedOut and clock.getDelayedCalls() == []
    assert proto.setTimeout(None) is None


def test_timeout_on_the_real_reactor_closes_a_silent_connection(reactor, run):
    class Silent(protocol.Protocol, TimeoutMixin):
        def callLater(self, period, func):
            return reactor.callLater(period, func)

        def connectionMade(self):
            self.setTimeout(0.05)

    closed = Deferred()

    class Waiter(protocol.Protocol):
        def connectionLost(self, reason):
            closed.callback(reason.type)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Silent), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port,
                       protocol.ClientFactory.forProtocol(Waiter))
    reasonType = run(lambda: closed.addCallback(
        lambda r: port.stopListening().addCallback(lambda _: r)))
    assert reasonType is error.ConnectionDone
