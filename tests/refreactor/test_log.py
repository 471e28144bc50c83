"""The legacy-style log: observers, errors with failures, text rendering, startLogging."""

import io
import sys

from refreactor.python import log
from refreactor.python.failure import Failure


def test_observers_receive_messages_and_errors():
    events = []
    log.addObserver(events.append)
    try:
        log.msg("hello", "world", system="test")
        try:
            raise ZeroDivisionError("dividing")
        except ZeroDivisionError:
            log.err(None, "while dividing")
        log.err(ValueError("given directly"))
    finally:
        log.removeObserver(events.append)
    log.msg("not observed")
    assert log.textFromEventDict(events[0]) == "hello world"
    assert events[0]["system"] == "test" and not events[0]["isError"]
    assert events[1]["isError"] and events[1]["failure"].check(ZeroDivisionError)
    assert log.textFromEventDict(events[1]).startswith("while dividing\nTraceback")
    assert events[2]["failure"].getErrorMessage() == "given directly"
    assert len(events) == 3


def test_format_events_and_broken_observer_is_removed():
    events = []

    def broken(event):
        raise RuntimeError("observer bug")

    log.addObserver(broken)
    log.addObserver(events.append)
    try:
        log.msg(format="%(count)d items", count=3)
        log.msg("second")
    finally:
        log.removeObserver(events.append)
        log.removeObserver(broken)
    assert [log.textFromEventDict(e) for e in events] == ["3 items", "second"]


def test_start_logging_writes_lines_and_captures_stdout():
    out = io.StringIO()
    savedOut, savedErr = sys.stdout, sys.stderr
    observer = log.startLogging(out)
    try:
        print("printed line")
        log.err(Failure(KeyError("k")), "failed")
    finally:
        observer.stop()
        sys.stdout, sys.stderr = savedOut, savedErr
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("[-] Log opened.")
    assert lines[1].endswith("[-] printed line")
    assert "[-] failed" in lines[2] and "KeyError" in out.getvalue()
