"""Reactor benchmarks: refreactor vs Twisted's default reactor vs asyncio (and uvloop).

Each benchmark runs for each contender in its own subprocess, one after the other in one
run, and is reported as a speed ratio to Twisted (above 1: faster than Twisted).

    python benchmarks/reactor.py [--repeat N] [--smallest] [BENCHMARK ...]

Twisted is the reference when it is installed, else the first contender available.
``--smallest`` runs every benchmark at a hundredth of its size, once: a check that it runs.
Every contender's clock starts at the same point: once all its connections are made (or, with
no connection, once its loop runs), never before.

To add a benchmark, write ``def bench_NAME(contender) -> float`` (elapsed seconds of the
measured work) using the helpers below (``scaled`` for every count), and append it to
BENCHMARKS.
"""

import argparse
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

CONTENDERS = ["refreactor", "twisted", "asyncio", "uvloop"]
REFERENCE = "twisted"
MESSAGE = b"x" * 64
#: The share of each benchmark's counts that runs (``--smallest``: 0.01).
SCALE = 1.0


def scaled(count: int) -> int:
    """``count`` at the run's scale, at least 1."""
    return max(1, int(count * SCALE))


# -- contender set-up ------------------------------------------------------------------------


def twistedStyle(contender: str):
    """The (reactor, protocol module) of a Twisted-API contender."""
    if contender == "refreactor":
        from refreactor.internet import protocol, reactor
    else:
        from twisted.internet import protocol, reactor
    return reactor, protocol


def asyncioLoop(contender: str):
    """A fresh asyncio event loop (uvloop's for the uvloop contender)."""
    import asyncio

    if contender == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


# -- TCP echo ping-pong -----------------------------------------------------------------------


def _echoTwisted(contender: str, connections: int, roundTrips: int) -> float:
    reactor, protocol = twistedStyle(contender)
    finished = []
    timing = {}

    class Echo(protocol.Protocol):
        def dataReceived(self, data):
            self.transport.write(data)

    class Ping(protocol.Protocol):
        def connectionMade(self):
            self.left = roundTrips
            self.pending = 0
            started.append(self)
            if len(started) == connections:
                timing["start"] = time.perf_counter()
                for p in started:
                    p.transport.write(MESSAGE)

        def dataReceived(self, data):
            self.pending += len(data)
            if self.pending < len(MESSAGE):
                return
            self.pending = 0
            self.left -= 1
            if self.left:
                self.transport.write(MESSAGE)
                return
            finished.append(self)
            if len(finished) == connections:
                timing["end"] = time.perf_counter()
                reactor.stop()

    started: list = []
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    client = protocol.ClientFactory.forProtocol(Ping)
    for _ in range(connections):
        reactor.connectTCP("127.0.0.1", port.getHost().port, client)
    reactor.run()
    return timing["end"] - timing["start"]


def _echoAsyncio(contender: str, connections: int, roundTrips: int) -> float:
    import asyncio

    loop = asyncioLoop(contender)
    timing = {}

    class Echo(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport

        def data_received(self, data):
            self.transport.write(data)

    done = loop.create_future()
    started: list = []
    finished: list = []

    class Ping(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            self.left = roundTrips
            self.pending = 0
            started.append(self)
            if len(started) == connections:
                timing["start"] = time.perf_counter()
                for p in started:
                    p.transport.write(MESSAGE)

        def data_received(self, data):
            self.pending += len(data)
            if self.pending < len(MESSAGE):
                return
            self.pending = 0
            self.left -= 1
            if self.left:
                self.transport.write(MESSAGE)
                return
            finished.append(self)
            if len(finished) == connections:
                timing["end"] = time.perf_counter()
                done.set_result(None)

    async def main():
        server = await loop.create_server(Echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        transports = []
        for _ in range(connections):
            transport, _ = await loop.create_connection(Ping, "127.0.0.1", port)
            transports.append(transport)
        await done
        for transport in transports:
            transport.close()
        server.close()

    loop.run_until_complete(main())
    loop.close()
    return timing["end"] - timing["start"]


def _echo(contender: str, connections: int, roundTrips: int) -> float:
    if contender in ("asyncio", "uvloop"):
        return _echoAsyncio(contender, connections, roundTrips)
    return _echoTwisted(contender, connections, roundTrips)


def bench_echo_1x20000(contender: str) -> float:
    """TCP echo ping-pong, one connection, 20,000 round trips."""
    return _echo(contender, 1, scaled(20_000))


def bench_echo_100x500(contender: str) -> float:
    """TCP echo ping-pong, 100 concurrent connections, 500 round trips each."""
    return _echo(contender, scaled(100), scaled(500))


# -- LineReceiver echo -------------------------------------------------------------------------

LINE = b"x" * 30


def _lineEchoTwisted(contender: str, connections: int, linesEach: int, window: int) -> float:
    """LineReceiver on both sides; each client keeps ``window`` lines in flight (1: ping-pong)
    until the server has echoed ``linesEach`` of them."""
    reactor, protocol = twistedStyle(contender)
    if contender == "refreactor":
        from refreactor.protocols import basic
    else:
        from twisted.protocols import basic
    timing = {}
    started: list = []
    finished: list = []

    class Echo(basic.LineReceiver):
        def lineReceived(self, line):
            self.sendLine(line)

    class Client(basic.LineReceiver):
        def connectionMade(self):
            self.received = 0
            started.append(self)
            if len(started) == connections:
                timing["start"] = time.perf_counter()
                for client in started:
                    client.transport.write((LINE + b"\r\n") * window)

        def lineReceived(self, line):
            self.received += 1
            if self.received + window <= linesEach:
                self.sendLine(LINE)
            elif self.received == linesEach:
                finished.append(self)
                if len(finished) == connections:
                    timing["end"] = time.perf_counter()
                    reactor.stop()

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    factory = protocol.ClientFactory.forProtocol(Client)
    for _ in range(connections):
        reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    reactor.run()
    return timing["end"] - timing["start"]


def _lineEchoAsyncio(contender: str, connections: int, linesEach: int, window: int) -> float:
    """The same exchange with a hand-written line splitter on asyncio protocols."""
    import asyncio

    loop = asyncioLoop(contender)
    timing = {}
    done = loop.create_future()
    started: list = []
    finished: list = []

    class Lines(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            self.buffer = b""

        def data_received(self, data):
            *lines, self.buffer = (self.buffer + data).split(b"\r\n")
            for line in lines:
                self.lineReceived(line)

    class Echo(Lines):
        def lineReceived(self, line):
            self.transport.write(line + b"\r\n")

    class Client(Lines):
        def connection_made(self, transport):
            super().connection_made(transport)
            self.received = 0
            started.append(self)
            if len(started) == connections:
                timing["start"] = time.perf_counter()
                for client in started:
                    client.transport.write((LINE + b"\r\n") * window)

        def lineReceived(self, line):
            self.received += 1
            if self.received + window <= linesEach:
                self.transport.write(LINE + b"\r\n")
            elif self.received == linesEach:
                finished.append(self)
                if len(finished) == connections:
                    timing["end"] = time.perf_counter()
                    done.set_result(None)

    async def main():
        server = await loop.create_server(Echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        transports = [(await loop.create_connection(Client, "127.0.0.1", port))[0]
                      for _ in range(connections)]
        await done
        for transport in transports:
            transport.close()
        server.close()

    loop.run_until_complete(main())
    loop.close()
    return timing["end"] - timing["start"]


def _lineEcho(contender: str, connections: int, linesEach: int, window: int) -> float:
    if contender in ("asyncio", "uvloop"):
        return _lineEchoAsyncio(contender, connections, linesEach, window)
    return _lineEchoTwisted(contender, connections, linesEach, window)


def bench_lines_1x20000(contender: str) -> float:
    """LineReceiver echo ping-pong, one connection, 20,000 lines."""
    return _lineEcho(contender, 1, scaled(20_000), 1)


def bench_lines_100x500(contender: str) -> float:
    """LineReceiver echo ping-pong, 100 concurrent connections, 500 lines each."""
    return _lineEcho(contender, scaled(100), scaled(500), 1)


def bench_lines_window_1x200000(contender: str) -> float:
    """LineReceiver echo, one connection, 200,000 lines with 2,000 in flight (many lines
    per read)."""
    return _lineEcho(contender, 1, scaled(200_000), scaled(2_000))


# -- TLS echo ping-pong ------------------------------------------------------------------------


def _selfSignedPEM() -> tuple[bytes, bytes]:
    """(certificate PEM, key PEM) of a throwaway P-256 certificate for localhost."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def _tlsEchoTwisted(contender: str, roundTrips: int) -> float:
    """listenSSL/connectSSL with CertificateOptions and a verifying optionsForClientTLS;
    the clock starts after the first round trip (so the handshake is not counted)."""
    reactor, protocol = twistedStyle(contender)
    if contender == "refreactor":
        from refreactor.internet import ssl
    else:
        from twisted.internet import ssl
    certPEM, keyPEM = _selfSignedPEM()
    serverOptions = ssl.PrivateCertificate.loadPEM(certPEM + keyPEM).options()
    clientOptions = ssl.optionsForClientTLS("localhost", ssl.Certificate.loadPEM(certPEM))
    timing = {}

    class Echo(protocol.Protocol):
        def dataReceived(self, data):
            self.transport.write(data)

    class Ping(protocol.Protocol):
        def connectionMade(self):
            self.left = roundTrips + 1
            self.pending = 0
            self.transport.write(MESSAGE)

        def dataReceived(self, data):
            self.pending += len(data)
            if self.pending < len(MESSAGE):
                return
            self.pending = 0
            self.left -= 1
            if self.left == roundTrips:
                timing["start"] = time.perf_counter()
            if self.left:
                self.transport.write(MESSAGE)
                return
            timing["end"] = time.perf_counter()
            reactor.stop()

    port = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), serverOptions,
                             interface="127.0.0.1")
    reactor.connectSSL("127.0.0.1", port.getHost().port,
                       protocol.ClientFactory.forProtocol(Ping), clientOptions)
    reactor.run()
    return timing["end"] - timing["start"]


def _tlsEchoAsyncio(contender: str, roundTrips: int) -> float:
    import asyncio
    import os
    import ssl
    import tempfile

    certPEM, keyPEM = _selfSignedPEM()
    with tempfile.TemporaryDirectory() as folder:
        certPath, keyPath = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        with open(certPath, "wb") as f:
            f.write(certPEM)
        with open(keyPath, "wb") as f:
            f.write(keyPEM)
        serverContext = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        serverContext.load_cert_chain(certPath, keyPath)
        clientContext = ssl.create_default_context(cafile=certPath)
    loop = asyncioLoop(contender)
    timing = {}

    class Echo(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport

        def data_received(self, data):
            self.transport.write(data)

    done = loop.create_future()

    class Ping(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            self.left = roundTrips + 1
            self.pending = 0
            transport.write(MESSAGE)

        def data_received(self, data):
            self.pending += len(data)
            if self.pending < len(MESSAGE):
                return
            self.pending = 0
            self.left -= 1
            if self.left == roundTrips:
                timing["start"] = time.perf_counter()
            if self.left:
                self.transport.write(MESSAGE)
                return
            timing["end"] = time.perf_counter()
            done.set_result(None)

    async def main():
        server = await loop.create_server(Echo, "127.0.0.1", 0, ssl=serverContext)
        port = server.sockets[0].getsockname()[1]
        transport, _ = await loop.create_connection(Ping, "127.0.0.1", port, ssl=clientContext,
                                                    server_hostname="localhost")
        await done
        transport.close()
        server.close()

    loop.run_until_complete(main())
    loop.close()
    return timing["end"] - timing["start"]


def bench_tls_echo_1x10000(contender: str) -> float:
    """TLS echo ping-pong (verified certificate), one connection, 10,000 round trips."""
    if contender in ("asyncio", "uvloop"):
        return _tlsEchoAsyncio(contender, scaled(10_000))
    return _tlsEchoTwisted(contender, scaled(10_000))


# -- timers ------------------------------------------------------------------------------------


def bench_timers_100000(contender: str) -> float:
    """Schedule 100,000 calls with random delays (under 50 ms) and run them all."""
    count = scaled(100_000)
    rng = random.Random(42)
    delays = [rng.random() * 0.05 for _ in range(count)]
    fired = [0]

    if contender in ("asyncio", "uvloop"):
        loop = asyncioLoop(contender)

        def tick():
            fired[0] += 1
            if fired[0] == count:
                loop.stop()

        start = time.perf_counter()
        for delay in delays:
            loop.call_later(delay, tick)
        loop.run_forever()
        elapsed = time.perf_counter() - start
        loop.close()
        return elapsed

    reactor, _ = twistedStyle(contender)

    def tock():
        fired[0] += 1
        if fired[0] == count:
            reactor.stop()

    start = time.perf_counter()
    for delay in delays:
        reactor.callLater(delay, tock)
    reactor.run()
    return time.perf_counter() - start


# -- part two: thread calls, UDP, processes ----------------------------------------------------


def _threadCalls(post: Callable[..., None], hit: Callable[[], None], total: int,
                 producers: int) -> list:
    """Worker threads that each post ``total // producers`` calls of ``hit`` (not started)."""
    def produce() -> None:
        for _ in range(total // producers):
            post(hit)

    return [threading.Thread(target=produce) for _ in range(producers)]


def bench_threadcalls_100k(contender: str) -> float:
    """100,000 calls sent into the loop from 4 worker threads (callFromThread)."""
    total, count, timing = scaled(100_000), [0], {}
    if contender in ("asyncio", "uvloop"):
        loop = asyncioLoop(contender)
        post, stop = loop.call_soon_threadsafe, loop.stop
    else:
        reactor, _ = twistedStyle(contender)
        post, stop = reactor.callFromThread, reactor.stop

    def hit() -> None:
        count[0] += 1
        if count[0] == total:
            timing["end"] = time.perf_counter()
            stop()

    workers = _threadCalls(post, hit, total, 4)

    def begin() -> None:
        timing["start"] = time.perf_counter()
        for worker in workers:
            worker.start()

    if contender in ("asyncio", "uvloop"):
        loop.call_soon(begin)
        loop.run_forever()
        loop.close()
    else:
        reactor.callWhenRunning(begin)
        reactor.run()
    for worker in workers:
        worker.join()
    return timing["end"] - timing["start"]


def _udpEchoAsyncio(contender: str, roundTrips: int) -> float:
    import asyncio

    loop = asyncioLoop(contender)
    done = loop.create_future()
    timing = {}

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            self.transport.sendto(data, addr)

    class Ping(asyncio.DatagramProtocol):
        left = roundTrips

        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            self.left -= 1
            if self.left:
                self.transport.sendto(MESSAGE)
            else:
                timing["end"] = time.perf_counter()
                done.set_result(None)

    async def main():
        server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
        port = server.get_extra_info("sockname")[1]
        client, _ = await loop.create_datagram_endpoint(Ping, remote_addr=("127.0.0.1", port))
        timing["start"] = time.perf_counter()
        client.sendto(MESSAGE)
        await done
        client.close()
        server.close()

    loop.run_until_complete(main())
    loop.close()
    return timing["end"] - timing["start"]


def _udpEchoTwisted(contender: str, roundTrips: int) -> float:
    reactor, protocol = twistedStyle(contender)
    timing = {}

    class Echo(protocol.DatagramProtocol):
        def datagramReceived(self, data, addr):
            self.transport.write(data, addr)

    class Ping(protocol.DatagramProtocol):
        left = roundTrips

        def datagramReceived(self, data, addr):
            self.left -= 1
            if self.left:
                self.transport.write(MESSAGE)
            else:
                timing["end"] = time.perf_counter()
                reactor.stop()

    server = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    client = reactor.listenUDP(0, Ping(), interface="127.0.0.1")
    client.connect("127.0.0.1", server.getHost().port)

    def begin():
        timing["start"] = time.perf_counter()
        client.write(MESSAGE)

    reactor.callWhenRunning(begin)
    reactor.run()
    return timing["end"] - timing["start"]


def bench_udp_echo_10000(contender: str) -> float:
    """UDP echo ping-pong over loopback: 10,000 datagrams each way."""
    if contender in ("asyncio", "uvloop"):
        return _udpEchoAsyncio(contender, scaled(10_000))
    return _udpEchoTwisted(contender, scaled(10_000))


def _spawnAsyncio(contender: str, program: str, total: int, window: int) -> float:
    import asyncio

    loop = asyncioLoop(contender)

    async def main():
        slots = asyncio.Semaphore(window)

        async def one():
            async with slots:
                child = await asyncio.create_subprocess_exec(program)
                await child.wait()

        start = time.perf_counter()
        await asyncio.gather(*[one() for _ in range(total)])
        return time.perf_counter() - start

    elapsed = loop.run_until_complete(main())
    loop.close()
    return elapsed


def _spawnTwisted(contender: str, program: str, total: int, window: int) -> float:
    reactor, protocol = twistedStyle(contender)
    counts = {"started": 0, "ended": 0}
    timing = {}

    class Child(protocol.ProcessProtocol):
        def processEnded(self, reason):
            counts["ended"] += 1
            if counts["ended"] == total:
                timing["end"] = time.perf_counter()
                reactor.stop()
            elif counts["started"] < total:
                launch()

    def launch():
        counts["started"] += 1
        reactor.spawnProcess(Child(), program, [program], env={})

    def begin():
        timing["start"] = time.perf_counter()
        for _ in range(window):
            launch()

    reactor.callWhenRunning(begin)
    reactor.run()
    return timing["end"] - timing["start"]


def bench_spawn_200(contender: str) -> float:
    """Spawn 200 short processes (``true``), at most 10 at a time, and wait for each."""
    program = shutil.which("true")
    if contender in ("asyncio", "uvloop"):
        return _spawnAsyncio(contender, program, scaled(200), 10)
    return _spawnTwisted(contender, program, scaled(200), 10)


BENCHMARKS: list[Callable[[str], float]] = [
    bench_echo_1x20000,
    bench_echo_100x500,
    bench_lines_1x20000,
    bench_lines_100x500,
    bench_lines_window_1x200000,
    bench_tls_echo_1x10000,
    bench_timers_100000,
    bench_threadcalls_100k,
    bench_udp_echo_10000,
    bench_spawn_200,
]


# -- driver ------------------------------------------------------------------------------------


def _available(contender: str) -> bool:
    module = {"refreactor": "refreactor", "twisted": "twisted", "asyncio": "asyncio",
              "uvloop": "uvloop"}[contender]
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def _runOnce(benchmark: str, contender: str) -> float:
    """Elapsed time of one run, in a fresh subprocess."""
    out = subprocess.run([sys.executable, __file__, "--scale", str(SCALE),
                          "--child", benchmark, contender],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{benchmark} on {contender} failed:\n{out.stderr}")
    return float(out.stdout.split()[-1])


def _measure(benchmark: str, contenders: list[str], repeat: int) -> dict[str, float]:
    """Best elapsed time of ``repeat`` runs per contender, the contenders taking turns so that
    a busy spell of the machine slows them alike."""
    best = {c: float("inf") for c in contenders}
    for _ in range(repeat):
        for contender in contenders:
            best[contender] = min(best[contender], _runOnce(benchmark, contender))
    return best


def main() -> None:
    """Run every (selected) benchmark for every available contender; print the ratios."""
    global SCALE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", help="names (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (best kept)")
    parser.add_argument("--smallest", action="store_true",
                        help="each benchmark at 1/100 of its size, once (a check)")
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    SCALE = 0.01 if args.smallest else args.scale
    repeat = 1 if args.smallest else args.repeat
    byName = {b.__name__.removeprefix("bench_"): b for b in BENCHMARKS}
    if args.child:
        name, contender = args.child
        print(f"{byName[name](contender):.6f}")
        return
    contenders = [c for c in CONTENDERS if _available(c)]
    reference = REFERENCE if REFERENCE in contenders else contenders[0]
    names = args.benchmarks or list(byName)
    socket.setdefaulttimeout(None)
    header = f"{'benchmark':<18}" + "".join(f"{c:>22}" for c in contenders)
    print(header)
    print(f"(seconds, and speed relative to {reference}: >1 is faster)")
    for name in names:
        times = _measure(name, contenders, repeat)
        cells = "".join(f"{times[c]:>10.3f}s {times[reference] / times[c]:>7.2f}x   "
                        for c in contenders)
        print(f"{name:<18}{cells}")

if __name__ == "__main__":
    main()
