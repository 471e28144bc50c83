"""RPC benchmarks: Perspective Broker (and AMP) round trips, refreactor vs Twisted.

Each benchmark runs for each contender in its own subprocess (server and client in that
process, on 127.0.0.1), the contenders taking turns, and is reported as round trips per
second and as a speed ratio to Twisted (above 1: faster than Twisted).

    python benchmarks/rpc.py [--repeat N] [--smallest] [BENCHMARK ...]

``--smallest`` runs every benchmark at a hundredth of its size, once: a check that it runs.

To add a benchmark, write ``def bench_NAME(contender) -> tuple[float, int]`` (elapsed
seconds, round trips made) and append it to BENCHMARKS: the PB section is below; AMP's
goes in its own section beside it.
"""

import argparse
import subprocess
import sys
import time

CONTENDERS = ["refreactor", "twisted"]
# The share of each benchmark's calls that runs (``--smallest``: 0.01).
SCALE = 1.0
# A call's argument: nested values of the kinds pb carries.
PAYLOAD = [1, 2**70, -3, 1.5, "text", b"bytes", None, True, (1, "two"), {"key": [1, 2, 3]}]


def scaled(count: int) -> int:
    """``count`` at the run's scale, at least 1."""
    return max(1, int(count * SCALE))


def _twisted(contender: str, module: str):
    """``twisted.<module>`` of the contender (refreactor's own module for refreactor)."""
    import importlib

    base = "refreactor" if contender == "refreactor" else "twisted"
    return importlib.import_module(f"{base}.{module}")


# -- Perspective Broker ----------------------------------------------------------------------


def _pbRoundTrips(contender: str, connections: int, callsEach: int) -> tuple[float, int]:
    """``connections`` clients each make ``callsEach`` calls in turn (one awaiting its answer
    before the next) to an echo root; the clock runs from the first call to the last answer."""
    reactor = _twisted(contender, "internet.reactor")
    pb = _twisted(contender, "spread.pb")

    class Echo(pb.Root):
        def remote_echo(self, value):
            return value

    port = reactor.listenTCP(0, pb.PBServerFactory(Echo()), interface="127.0.0.1")
    factories = [pb.PBClientFactory() for _ in range(connections)]
    for factory in factories:
        reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    timing = {}
    finished = []

    def callLoop(root, left):
        if left == 0:
            finished.append(root)
            if len(finished) == connections:
                timing["end"] = time.perf_counter()
                reactor.stop()
            return None
        return root.callRemote("echo", PAYLOAD).addCallback(lambda _: callLoop(root, left - 1))

    def start(roots):
        timing["start"] = time.perf_counter()
        for root in roots:
            callLoop(root, callsEach)

    defer = _twisted(contender, "internet.defer")
    roots = defer.gatherResults([f.getRootObject() for f in factories])
    roots.addCallback(start)
    roots.addErrback(lambda f: (print(f.getTraceback(), file=sys.stderr), reactor.stop()))
    reactor.run()
    if "end" not in timing:
        raise RuntimeError("the PB benchmark did not finish")
    return timing["end"] - timing["start"], connections * callsEach


def bench_pb_1x5000(contender: str) -> tuple[float, int]:
    """One connection, 5,000 calls one after the other."""
    return _pbRoundTrips(contender, 1, scaled(5000))


def bench_pb_50x200(contender: str) -> tuple[float, int]:
    """Fifty connections at once, 200 calls each."""
    return _pbRoundTrips(contender, 50, scaled(200))


# -- AMP -------------------------------------------------------------------------------------
# (AMP's round-trip benchmarks go here, appended to BENCHMARKS below.)


BENCHMARKS = [bench_pb_1x5000, bench_pb_50x200]


# -- driver ------------------------------------------------------------------------------------


def _runOnce(benchmark: str, contender: str) -> tuple[float, int]:
    """(elapsed seconds, round trips) of one run, in a fresh subprocess."""
    smallest = ["--smallest"] if SCALE < 1 else []
    out = subprocess.run([sys.executable, __file__, *smallest, "--child", benchmark, contender],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{benchmark} on {contender} failed:\n{out.stderr}")
    elapsed, trips = out.stdout.split()[-2:]
    return float(elapsed), int(trips)


def _measure(benchmark: str, repeat: int) -> dict[str, tuple[float, int]]:
    """Best run of ``repeat`` per contender, the contenders taking turns so that a busy
    spell of the machine slows them alike."""
    best: dict[str, tuple[float, int]] = {}
    for _ in range(repeat):
        for contender in CONTENDERS:
            elapsed, trips = _runOnce(benchmark, contender)
            if contender not in best or elapsed < best[contender][0]:
                best[contender] = (elapsed, trips)
    return best


def main() -> None:
    """Run every (selected) benchmark for both contenders; print round trips per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", help="names (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (best kept)")
    parser.add_argument("--smallest", action="store_true",
                        help="every benchmark at a hundredth of its size, once")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smallest:
        global SCALE
        SCALE, args.repeat = 0.01, 1
    byName = {b.__name__.removeprefix("bench_"): b for b in BENCHMARKS}
    if args.child:
        name, contender = args.child
        elapsed, trips = byName[name](contender)
        print(f"{elapsed:.6f} {trips}")
        return
    print(f"{'benchmark':<16}" + "".join(f"{c:>28}" for c in CONTENDERS))
    print("(round trips per second, and speed relative to twisted: >1 is faster)")
    for name in args.benchmarks or list(byName):
        results = _measure(name, args.repeat)
        twistedTime = results["twisted"][0]
        cells = "".join(f"{trips / elapsed:>15,.0f}/s {twistedTime / elapsed:>7.2f}x   "
                        for elapsed, trips in (results[c] for c in CONTENDERS))
        print(f"{name:<16}{cells}")


if __name__ == "__main__":
    main()
