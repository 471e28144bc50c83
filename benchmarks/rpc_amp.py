"""AMP round trips per second: refreactor's twisted.protocols.amp against Twisted's.

A client calls a command (two Integers and a Unicode in, an Integer and the Unicode back)
and waits for its answer before the next call, on one connection and on many at once, over
TCP on 127.0.0.1. Each measurement runs in its own process, the contenders interleaved, best
of ``--repeat``; the ratio is refreactor's rate over Twisted's (above 1: faster).

    python benchmarks/rpc_amp.py [--repeat N] [--rounds CALLS] [--smallest] [BENCHMARK ...]

``--rounds`` scales every benchmark (the total calls of each); ``--smallest`` (``--rounds 20
--repeat 1``) is the smallest run, for tests/test_benchmarks.py, which only checks it runs.
The functions ``ampRoundTrips`` and ``BENCHMARKS`` are self-contained, to be folded into a
shared RPC benchmark.
"""

import argparse
import subprocess
import sys
import time

CONTENDERS = ["refreactor", "twisted"]

# name -> (connections, total calls at full size)
BENCHMARKS = {"amp_1_connection": (1, 20000), "amp_100_connections": (100, 50000)}


def _modules(contender: str):
    """The (reactor, protocol, amp) modules of a contender."""
    if contender == "refreactor":
        from refreactor.internet import protocol, reactor
        from refreactor.protocols import amp
    else:
        from twisted.internet import protocol, reactor
        from twisted.protocols import amp
    return reactor, protocol, amp


def ampRoundTrips(contender: str, connections: int, calls: int) -> float:
    """Seconds for ``calls`` AMP round trips spread over ``connections`` connections, each
    waiting for an answer before its next call."""
    reactor, protocol, amp = _modules(contender)

    class Add(amp.Command):
        arguments = [(b"a", amp.Integer()), (b"b", amp.Integer()), (b"tag", amp.Unicode())]
        response = [(b"total", amp.Integer()), (b"tag", amp.Unicode())]

    class Adder(amp.AMP):
        @Add.responder
        def add(self, a, b, tag):
            return {"total": a + b, "tag": tag}

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Adder), interface="127.0.0.1")
    clients, timing, done = [], {}, []
    callsEach = max(1, calls // connections)

    def callLoop(client, left):
        def answered(result):
            if left > 1:
                callLoop(client, left - 1)
            else:
                done.append(client)
                if len(done) == connections:
                    timing["end"] = time.perf_counter()
                    reactor.stop()
        client.callRemote(Add, a=left, b=1, tag="t\u00e9").addCallback(answered)

    def connected(client):
        clients.append(client)
        if len(clients) == connections:
            timing["start"] = time.perf_counter()
            for each in clients:
                callLoop(each, callsEach)

    creator = protocol.ClientCreator(reactor, amp.AMP)
    for _ in range(connections):
        creator.connectTCP("127.0.0.1", port.getHost().port).addCallback(connected)
    reactor.run()
    return (timing["end"] - timing["start"]) * calls / (callsEach * connections)


def _runOnce(name: str, contender: str, calls: int) -> float:
    """Seconds of one measurement, in a fresh process."""
    out = subprocess.run([sys.executable, __file__, "--child", name, contender, str(calls)],
                         capture_output=True, text=True, check=True, timeout=600).stdout
    return float(out.strip())


def main() -> None:
    """Measure, print a table and the exact figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="total calls per benchmark (default: each benchmark's own)")
    parser.add_argument("--smallest", action="store_true", help="20 calls each, once (a check)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("benchmarks", nargs="*", choices=[[], *BENCHMARKS], default=[])
    options = parser.parse_args()
    if options.smallest:
        options.rounds, options.repeat = 20, 1
    if options.child:
        name, contender, calls = options.child
        print(ampRoundTrips(contender, BENCHMARKS[name][0], int(calls)))
        return
    print(f"{'benchmark':<22} {'refreactor calls/s':>19} {'twisted calls/s':>16} {'ratio':>6}")
    for name in options.benchmarks or BENCHMARKS:
        connections, calls = BENCHMARKS[name]
        calls = options.rounds or calls
        best = {c: float("inf") for c in CONTENDERS}
        for _ in range(options.repeat):
            for contender in CONTENDERS:
                best[contender] = min(best[contender], _runOnce(name, contender, calls))
        rates = {c: calls / best[c] for c in CONTENDERS}
        print(f"{name:<22} {rates['refreactor']:>19,.0f} {rates['twisted']:>16,.0f} "
              f"{rates['refreactor'] / rates['twisted']:>5.2f}x", flush=True)


if __name__ == "__main__":
    main()
