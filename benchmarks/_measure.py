"""Timing of whole processes for the benchmarks: wall and CPU time, best of interleaved rounds."""

from __future__ import annotations

import argparse
import resource
import subprocess
import time
from collections.abc import Callable, Container, Hashable
from pathlib import Path
from typing import TypeVar

Times = tuple[float, float]  # (wall seconds, CPU seconds)
Key = TypeVar("Key", bound=Hashable)


def rounds_argument(description: str, default: int = 5) -> int:
    """Parse ``[ROUNDS] [--smallest]`` from the command line: how many rounds to run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("rounds", nargs="?", type=int, default=default,
                        help=f"rounds (default {default})")
    parser.add_argument("--smallest", action="store_true", help="one round (a check)")
    arguments = parser.parse_args()
    return 1 if arguments.smallest else arguments.rounds


def timed(commands: list[list[str]], cwd: Path, accept: Container[int] | None = (0,)) -> Times:
    """Run the commands one after the other in ``cwd``; their wall time and the CPU time (user +
    system of the child processes, which a busy machine disturbs less than wall time) they took.

    A command whose exit status is not in ``accept`` stops the benchmark (``None``: any status).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        done = subprocess.run(command, cwd=cwd, capture_output=True)
        if accept is not None and done.returncode not in accept:
            raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr.decode()}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_each(runs: dict[Key, Callable[[], Times]], rounds: int) -> dict[Key, Times]:
    """Each run once per round, taking turns so that a busy spell of the machine slows them all
    alike; each one's fastest wall time and fastest CPU time."""
    best = dict.fromkeys(runs, (float("inf"), float("inf")))
    for _ in range(rounds):
        for key, run in runs.items():
            wall, cpu = run()
            best[key] = (min(best[key][0], wall), min(best[key][1], cpu))
    return best
