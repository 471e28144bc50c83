"""The legacy-style log: observers, errors with failures, text rendering, startLogging.

What changes process-wide state (startLogging, warnings, sys.stdout) runs in a child
process of its own.
"""

import re
import subprocess
import sys
import textwrap

from refreactor.python import log


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


def test_a_broken_observer_is_reported_to_the_others_and_kept():
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
    texts = [log.textFromEventDict(e) for e in events]
    assert texts[0] == "3 items" and texts[2] == "second"
    for report in (texts[1], texts[3]):
        assert "broken" in report and "RuntimeError: observer bug" in report


def test_bytes_words_are_written_as_their_text_when_utf8():
    events = []
    log.addObserver(events.append)
    try:
        log.msg(b"caf\xc3\xa9", b"\xff", 3)
    finally:
        log.removeObserver(events.append)
    assert log.textFromEventDict(events[0]) == "café b'\\xff' 3"


def _runChild(code):
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                           text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    return child.stdout.splitlines()


def test_start_logging_writes_lines_and_captures_stdout_and_stderr():
    lines = _runChild("""
        import sys
        from refreactor.python import log
        from refreactor.python.failure import Failure
        log.startLogging(sys.stdout)
        print("printed line")
        sys.stderr.write("error line\\n")
        log.msg(b"bytes line")
        log.err(Failure(KeyError("k")), "failed")
    """)
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4}"
    assert re.fullmatch(stamp + r" \[-\] Log opened\.", lines[0]), lines[0]
    assert [line.split(" ", 2)[2] for line in lines[1:5]] == [
        "[-] printed line", "[-] error line", "[-] bytes line", "[-] failed"]
    assert "builtins.KeyError: 'k'" in "\n".join(lines[5:])


def test_a_warning_after_start_logging_is_one_event():
    lines = _runChild("""
        import sys, warnings
        from refreactor.python import log
        log.startLogging(sys.stdout)
        warnings.warn("mind the gap")
        print("after")
    """)
    assert len(lines) == 3, lines
    assert lines[1].split(" ", 2)[2] == "[-] <string>:5: builtins.UserWarning: mind the gap"
    assert lines[2].endswith("[-] after")


def test_call_with_logger_sets_the_system_of_its_events():
    events = []

    class Prefixed:
        def logPrefix(self):
            return "Prefixed,7"

    def work():
        log.msg("inside")
        raise ValueError("broken")

    log.addObserver(events.append)
    try:
        assert log.callWithLogger(Prefixed(), work) is None
        log.msg("outside")
    finally:
        log.removeObserver(events.append)
    assert [e["system"] for e in events] == ["Prefixed,7", "Prefixed,7", "-"]
    assert events[1]["failure"].check(ValueError)


def test_file_log_observer_formats_time_like_twisted():
    observer = log.FileLogObserver(sys.stdout)
    stamp = observer.formatTime(0)
    assert len(stamp) == len("1970-01-01 00:00:00+0000") and stamp[10] == " "
    observer.timeFormat = "%Y"
    assert observer.formatTime(86400 * 400) == "1971"
