"""fork_map: the same results as a plain map, in order, computed in forked workers."""

from __future__ import annotations

import os
import threading

import pytest
from lore.forkmap import fork_map


def pid_and_square(item: int) -> tuple[int, int]:
    return os.getpid(), item * item


def test_results_come_back_in_order_from_several_processes():
    results = fork_map(pid_and_square, list(range(50)), workers=2)
    assert [square for _, square in results] == [n * n for n in range(50)]
    assert len({pid for pid, _ in results}) == 2
    assert os.getpid() in {pid for pid, _ in results}  # this process does a share too


def fail_on_seven(item: int) -> int:
    if item == 7:
        raise ValueError(f"cannot take {item}")
    return item


def test_an_exception_in_a_worker_is_raised_here():
    # Item 7 falls to the second worker (items are dealt in turn); it fails there, its share
    # is redone in this process, and the exception surfaces with its own type and message.
    with pytest.raises(ValueError, match="cannot take 7"):
        fork_map(fail_on_seven, list(range(10)), workers=2)


def test_with_another_thread_running_nothing_is_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = fork_map(pid_and_square, list(range(10)), workers=2)
    finally:
        stop.set()
        thread.join()
    assert {pid for pid, _ in results} == {os.getpid()}


def test_one_item_or_one_worker_maps_here():
    assert fork_map(pid_and_square, [3]) == [(os.getpid(), 9)]
    assert {pid for pid, _ in fork_map(pid_and_square, [1, 2, 3], workers=1)} == {os.getpid()}
