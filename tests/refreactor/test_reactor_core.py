"""The loop core: interfaces, run/stop/crash/iterate, system events, timers, threads, signals."""

import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
from refreactor.internet import error, interfaces, protocol
from refreactor.internet.defer import Deferred
from refreactor.internet.epollreactor import EPollReactor
from zope.interface import providedBy
from zope.interface.verify import verifyObject


def test_verify_every_interface_the_reactor_declares(reactor):
    declared = list(providedBy(reactor).flattened())
    for iface in (interfaces.IReactorCore, interfaces.IReactorTime, interfaces.IReactorTCP,
                  interfaces.IReactorSSL, interfaces.IReactorUNIX,
                  interfaces.IReactorUNIXDatagram, interfaces.IReactorFDSet,
                  interfaces.IReactorFromThreads, interfaces.IReactorPluggableResolver):
        assert iface in declared
    for iface in declared:
        assert verifyObject(iface, reactor)


def test_verify_transport_port_connector_and_call(reactor, run):
    checked, lost = [], []

    class Check(protocol.Protocol):
        def connectionMade(self):
            verifyObject(interfaces.ITCPTransport, self.transport)
            verifyObject(interfaces.IConsumer, self.transport)
            verifyObject(interfaces.IPushProducer, self.transport)
            verifyObject(interfaces.IProtocol, self)
            checked.append(type(self.transport).__name__)
            self.transport.loseConnection()

        def connectionLost(self, reason):
            lost.append(reason)
            if len(lost) == 2:
                done.callback(None)

    done = Deferred()
    factory = protocol.ClientFactory.forProtocol(Check)
    verifyObject(interfaces.IProtocolFactory, factory)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    verifyObject(interfaces.IListeningPort, port)
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    verifyObject(interfaces.IConnector, connector)
    call = reactor.callLater(1, lambda: None)
    verifyObject(interfaces.IDelayedCall, call)
    call.cancel()
    run(lambda: done.addCallback(lambda _: port.stopListening()))
    assert sorted(checked) == ["Client", "Server"]


def test_stop_when_not_running_raises(reactor):
    with pytest.raises(error.ReactorNotRunning):
        reactor.stop()


def test_run_inside_run_raises_and_no_restart(reactor):
    seen = []

    def nested():
        try:
            reactor.run()
        except error.ReactorAlreadyRunning:
            seen.append("already running")
        reactor.stop()

    reactor.callWhenRunning(nested)
    reactor.run(installSignalHandlers=False)
    assert seen == ["already running"]
    with pytest.raises(error.ReactorNotRestartable):
        reactor.run()


def test_system_event_phases_wait_for_before_deferreds(reactor):
    order = []
    waiting = Deferred()

    def before():
        order.append("before")
        reactor.callLater(0.05, lambda: (order.append("before done"), waiting.callback(None)))
        return waiting

    reactor.addSystemEventTrigger("before", "shutdown", before)
    reactor.addSystemEventTrigger("during", "shutdown", order.append, "during")
    reactor.addSystemEventTrigger("after", "shutdown", order.append, "after")
    removed = reactor.addSystemEventTrigger("after", "shutdown", order.append, "removed")
    reactor.removeSystemEventTrigger(removed)
    reactor.addSystemEventTrigger("after", "startup", order.append, "started")
    reactor.callWhenRunning(lambda: (order.append(("running", reactor.running)), reactor.stop()))
    reactor.run(installSignalHandlers=False)
    assert order == ["started", ("running", True), "before", "before done", "during", "after"]
    assert not reactor.running
    with pytest.raises(ValueError):
        reactor.removeSystemEventTrigger(removed)


def test_fire_custom_system_event(reactor):
    order = []
    reactor.addSystemEventTrigger("during", "custom", order.append, 1)
    reactor.addSystemEventTrigger("before", "custom", order.append, 0)
    reactor.fireSystemEvent("custom")
    assert order == [0, 1]


def test_call_later_order_cancel_reset_delay(reactor):
    order = []
    reactor.callLater(0.03, order.append, "c")
    for name in "ab":
        reactor.callLater(0.01, order.append, name)
    cancelled = reactor.callLater(0.01, order.append, "cancelled")
    cancelled.cancel()
    moved = reactor.callLater(0.01, order.append, "moved")
    moved.reset(0.04)
    delayed = reactor.callLater(0.0, order.append, "delayed")
    delayed.delay(0.045)
    assert delayed.getTime() == pytest.approx(reactor.seconds() + 0.045, abs=0.01)
    assert set(reactor.getDelayedCalls()) >= {moved, delayed}
    assert cancelled not in reactor.getDelayedCalls()
    reactor.callLater(0.06, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert order == ["a", "b", "c", "moved", "delayed"]
    with pytest.raises(error.AlreadyCancelled):
        cancelled.cancel()
    with pytest.raises(error.AlreadyCalled):
        moved.cancel()
    assert not moved.active() and not cancelled.active()


def test_calls_scheduled_during_a_pass_wait_for_the_next(reactor):
    order = []

    def first():
        order.append("first")
        reactor.callLater(0, order.append, "scheduled from first")

    reactor.callLater(0, first)
    reactor.callLater(0, order.append, "second")
    reactor.iterate()
    assert order == ["first", "second"]
    reactor.iterate()
    assert order[-1] == "scheduled from first"


def test_many_timers_fire_in_time_order(reactor):
    import random

    fired = []
    rng = random.Random(4)
    delays = [rng.random() * 0.05 for _ in range(2000)]
    calls = [reactor.callLater(d, fired.append, i) for i, d in enumerate(delays)]
    dueTimes = [call.getTime() for call in calls]
    for call in calls[::3]:
        call.cancel()
    reactor.callLater(0.1, reactor.stop)
    reactor.run(installSignalHandlers=False)
    expected = sorted((i for i in range(len(delays)) if i % 3), key=lambda i: dueTimes[i])
    assert fired == expected


def test_exception_in_timer_is_logged_and_loop_goes_on(reactor):
    from refreactor.python import log

    logged = []
    log.addObserver(logged.append)
    try:
        reactor.callLater(0, lambda: 1 / 0)
        reactor.callLater(0.01, reactor.stop)
        reactor.run(installSignalHandlers=False)
    finally:
        log.removeObserver(logged.append)
    assert [e["failure"].type for e in logged if e.get("isError")] == [ZeroDivisionError]


def test_call_from_thread_wakes_the_loop_and_keeps_order(reactor):
    received = {i: [] for i in range(4)}

    def worker(n):
        for j in range(2000):
            reactor.callFromThread(received[n].append, j)

    def startWorkers():
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()

        def joinAndStop():
            for t in threads:
                t.join()
            reactor.callFromThread(reactor.stop)

        threading.Thread(target=joinAndStop).start()

    reactor.callWhenRunning(startWorkers)
    reactor.run(installSignalHandlers=False)
    assert all(received[i] == list(range(2000)) for i in range(4))


def test_fdset_semantics(reactor):
    readEnd, writeEnd = os.pipe()
    events = []

    class Reader:
        def fileno(self):
            return readEnd

        def doRead(self):
            events.append(os.read(readEnd, 100))
            return error.ConnectionDone() if events[-1] == b"bye" else None

        def connectionLost(self, reason):
            events.append(reason.type)

        def logPrefix(self):
            return "Reader"

    reader = Reader()
    reactor.addReader(reader)
    assert reader in reactor.getReaders() and reader not in reactor.getWriters()
    os.write(writeEnd, b"hi")
    reactor.iterate(0.1)
    os.write(writeEnd, b"bye")
    reactor.iterate(0.1)
    assert events == [b"hi", b"bye", error.ConnectionDone]
    assert reader not in reactor.getReaders()
    reactor.addReader(reader)
    assert reactor.removeAll() == [reader]
    os.close(readEnd)
    os.close(writeEnd)


def test_fresh_reactor_can_be_created_and_closed():
    before = len(os.listdir("/proc/self/fd"))
    r = EPollReactor()
    r.close()
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_the_reactor_cleanly(signum):
    program = textwrap.dedent(f"""
        import os, signal
        from refreactor.internet import reactor
        reactor.addSystemEventTrigger("after", "shutdown", print, "shutdown ran")
        reactor.callWhenRunning(os.kill, os.getpid(), {int(signum)})
        reactor.run()
        print("run returned")
        print(signal.getsignal({int(signum)}) is not None)
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["shutdown ran", "run returned", "True"]
