"""strports and StreamServerEndpointService: services that listen on endpoint descriptions."""

import errno
import socket

import pytest
from refreactor.application import internet, strports
from refreactor.internet import endpoints, error, protocol
from refreactor.internet.testing import MemoryReactorClock
from refreactor.python import log, util


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


def test_service_listens_while_running_and_stops(reactor, run):
    svc = strports.service("tcp:0:interface=127.0.0.1", protocol.Factory.forProtocol(Echo),
                           reactor=reactor)
    assert isinstance(svc, internet.StreamServerEndpointService)

    def exercise():
        svc.startService()
        port = svc._waitingForPort.result
        with socket.create_connection(("127.0.0.1", port.getHost().port), timeout=5) as s:
            s.sendall(b"ping")
        return svc.stopService().addCallback(lambda _: (svc.running, port.getHost().port))

    running, number = run(exercise)
    assert running is False
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", number), timeout=1).close()


def test_service_raises_at_start_when_it_cannot_listen(reactor):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        svc = strports.service(f"tcp:{busy.getsockname()[1]}:interface=127.0.0.1",
                               protocol.Factory(), reactor=reactor)
        with pytest.raises(error.CannotListenError):
            svc.privilegedStartService()


def test_endpoint_service_logs_a_failure_when_not_asked_to_raise():
    logged = []
    log.addObserver(logged.append)
    try:
        endpoint = endpoints.TCP4ServerEndpoint(MemoryReactorClock(), 80)
        endpoint._reactor.listenTCP = lambda *a, **k: (_ for _ in ()).throw(
            error.CannotListenError("", 80, OSError(errno.EADDRINUSE, "in use")))
        internet.StreamServerEndpointService(endpoint, protocol.Factory()).startService()
    finally:
        log.removeObserver(logged.append)
    assert logged[0]["failure"].check(error.CannotListenError)


def test_strports_listen_and_the_small_helpers(tmp_path, reactor, run, monkeypatch):
    monkeypatch.setattr(strports, "_globalReactor", lambda: reactor)
    port = strports.listen(f"unix:{tmp_path}/s", protocol.Factory.forProtocol(Echo))
    assert port.getHost().name == f"{tmp_path}/s".encode()
    run(port.stopListening)
    with pytest.raises(FileNotFoundError):  # The lock file cannot be made, as on Twisted.
        strports.listen(f"unix:{tmp_path}/missing/s", protocol.Factory())
    with pytest.raises(error.CannotListenError):
        strports.listen(f"unix:{tmp_path}/missing/s:lockfile=0", protocol.Factory())
    calls = []

    def interruptedOnce():
        calls.append(1)
        if len(calls) == 1:
            raise InterruptedError()
        return "done"

    assert util.untilConcludes(interruptedOnce) == "done" and len(calls) == 2
    assert list(log.ILogObserver.names()) == ["__call__"]
