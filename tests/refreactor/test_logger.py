"""twisted.logger on refreactor: Logger, levels, publishers, formatting, JSON, filtering, and
the bridge with twisted.python.log (both ways)."""

import io
import subprocess
import sys
import textwrap

import pytest
from refreactor.logger import (
    FilteringLogObserver,
    InvalidLogLevelError,
    LimitedHistoryLogObserver,
    Logger,
    LoggingFile,
    LogLevel,
    LogLevelFilterPredicate,
    LogPublisher,
    PredicateResult,
    eventAsJSON,
    eventFromJSON,
    eventsFromJSONLogFile,
    formatEvent,
    formatEventAsClassicLogText,
    globalLogPublisher,
    jsonFileLogObserver,
    textFileLogObserver,
)
from refreactor.python import log as legacy
from refreactor.python.failure import Failure

moduleLog = Logger()


class Owner:
    log = Logger()


def collected():
    events = []
    return events, Logger(namespace="test.ns", observer=events.append)


def test_levels_are_ordered_and_named():
    assert LogLevel.debug < LogLevel.info < LogLevel.warn < LogLevel.error < LogLevel.critical
    assert LogLevel.levelWithName("warn") is LogLevel.warn and LogLevel.warn.name == "warn"
    assert [level.name for level in LogLevel.iterconstants()] == [
        "debug", "info", "warn", "error", "critical"]
    with pytest.raises(InvalidLogLevelError):
        LogLevel.levelWithName("loud")


def test_namespace_comes_from_the_module_or_the_class():
    assert moduleLog.namespace == __name__
    owner = Owner()
    assert owner.log.namespace == f"{__name__}.Owner" and owner.log.source is owner
    assert Owner.log.source is Owner


def test_events_carry_level_namespace_format_and_fields():
    events, log = collected()
    log.info("{count} {thing}s, {d[k]} {s.upper()}", count=2, thing="cat", d={"k": 1}, s="x")
    log.warn("careful")
    event = events[0]
    assert event["log_level"] is LogLevel.info and event["log_namespace"] == "test.ns"
    assert event["log_logger"] is log and event["count"] == 2
    assert formatEvent(event) == "2 cats, 1 X"
    assert [e["log_level"] for e in events] == [LogLevel.info, LogLevel.warn]


def test_failure_is_logged_critical_with_its_traceback():
    events, log = collected()
    try:
        raise ZeroDivisionError("dividing")
    except ZeroDivisionError:
        log.failure("while dividing {n}", n=1)
    event = events[0]
    assert event["log_level"] is LogLevel.critical
    assert event["log_failure"].check(ZeroDivisionError)
    text = formatEventAsClassicLogText(event, formatTime=lambda when: "T")
    assert text.startswith("T [test.ns#critical] while dividing 1\n\tTraceback")
    assert "ZeroDivisionError" in text


def test_unformattable_events_say_so():
    events, log = collected()
    log.error("{missing}")
    assert formatEvent(events[0]).startswith("Unable to format event {")
    log.emit("not a level", "x")
    assert events[1]["log_level"] is LogLevel.critical
    assert events[1]["log_failure"].check(InvalidLogLevelError)


def test_publisher_reports_a_broken_observer_and_goes_on():
    seen = []

    def broken(event):
        raise RuntimeError("observer bug")

    publisher = LogPublisher(broken, seen.append)
    Logger(namespace="p", observer=publisher).info("one")
    assert formatEvent(seen[0]) == "one"
    assert "Temporarily disabling observer" in formatEvent(seen[1])
    assert seen[1]["log_failure"].check(RuntimeError)
    with pytest.raises(TypeError):
        publisher.addObserver("not callable")


def test_history_keeps_the_latest():
    history = LimitedHistoryLogObserver(2)
    for n in range(3):
        history({"n": n})
    replayed = []
    history.replayTo(replayed.append)
    assert [e["n"] for e in replayed] == [1, 2]


def test_text_file_observer_writes_classic_lines():
    out = io.StringIO()
    observer = textFileLogObserver(out, timeFormat="%Y")
    Logger(namespace="ns", observer=observer).info("two\nlines")
    Logger(namespace="ns", observer=observer).info()  # No format: no text, no line.
    assert out.getvalue().split(" ", 1)[1] == "[ns#info] two\n\tlines\n"
    raw = io.BytesIO()
    Logger(namespace="ns", observer=textFileLogObserver(raw)).info("é")
    assert raw.getvalue().endswith("[ns#info] é\n".encode())


def test_json_round_trip_keeps_text_levels_and_failures():
    out = io.StringIO()
    log = Logger(namespace="j", observer=jsonFileLogObserver(out))
    log.info("{a!r} and {b}", a=b"by", b=object())
    log.failure("bad", Failure(KeyError("key")))
    assert out.getvalue().startswith("\x1e{") and out.getvalue().count("\n") == 2
    events = list(eventsFromJSONLogFile(io.StringIO(out.getvalue())))
    assert formatEvent(events[0]) == "b'by' and " + events[0]["log_flattened"]["b!s:"]
    assert events[0]["log_level"] is LogLevel.info and events[0]["b"] == {"unpersistable": True}
    assert events[1]["log_failure"].getErrorMessage() == "'key'"
    assert events[1]["log_failure"].type.__name__ == "KeyError"
    assert "KeyError" in events[1]["log_failure"].getTraceback()
    again = eventFromJSON(eventAsJSON(events[0]))
    assert formatEvent(again) == formatEvent(events[0])


def test_json_reader_skips_bad_and_truncated_records():
    errors = []
    globalLogPublisher.addObserver(errors.append)
    try:
        text = "\x1e{\"log_format\": \"ok\"}\n\x1enot json\n\x1e{\"log_format\": \"cut\"}"
        events = list(eventsFromJSONLogFile(io.StringIO(text), bufferSize=3))
        lines = list(eventsFromJSONLogFile(io.BytesIO(b'{"a": 1}\n{"a": 2}\n')))
    finally:
        globalLogPublisher.removeObserver(errors.append)
    assert [formatEvent(e) for e in events] == ["ok"]
    reported = [formatEvent(e) for e in errors]
    assert reported[0].startswith("Unable to read JSON record: b'not json\\n'")
    assert reported[1].startswith("Unable to read truncated JSON record")
    assert [e["a"] for e in lines] == [1, 2]


def test_filtering_by_namespace_level():
    kept, dropped = [], []
    predicate = LogLevelFilterPredicate(defaultLogLevel=LogLevel.warn)
    predicate.setLogLevelForNamespace("app.db", LogLevel.debug)
    observer = FilteringLogObserver(kept.append, [predicate], dropped.append)
    Logger(namespace="app", observer=observer).info("dropped")
    Logger(namespace="app", observer=observer).error("kept")
    Logger(namespace="app.db.pool", observer=observer).debug("kept too")
    assert [formatEvent(e) for e in kept] == ["kept", "kept too"]
    assert [formatEvent(e) for e in dropped] == ["dropped"]
    assert predicate.logLevelForNamespace("app.db.x") is LogLevel.debug
    assert predicate({"log_level": LogLevel.info}) is PredicateResult.no
    predicate.clearLogLevels()
    assert predicate.logLevelForNamespace("app.db") is LogLevel.warn
    with pytest.raises(InvalidLogLevelError):
        predicate.setLogLevelForNamespace("x", "loud")
    with pytest.raises(TypeError):
        FilteringLogObserver(kept.append, [lambda e: "perhaps"])({})


def test_logging_file_emits_lines():
    events, log = collected()
    stream = LoggingFile(log, LogLevel.error)
    stream.write("one\ntw")
    stream.write(b"o\n")
    assert [formatEvent(e) for e in events] == ["one", "two"]
    assert events[0]["log_level"] is LogLevel.error and stream.name == "<LoggingFile test.ns#error>"
    stream.close()
    with pytest.raises(ValueError):
        stream.write("late")


def test_legacy_and_new_events_reach_both_kinds_of_observer():
    legacyEvents, newEvents = [], []
    legacy.addObserver(legacyEvents.append)
    globalLogPublisher.addObserver(newEvents.append)
    try:
        legacy.msg("from", "legacy", system="sys")
        legacy.err(ValueError("legacy error"), "why")
        Logger(namespace="new.ns").warn("from {who}", who="logger")
        Logger(namespace="new.ns").error("an error")
    finally:
        legacy.removeObserver(legacyEvents.append)
        globalLogPublisher.removeObserver(newEvents.append)
    assert formatEvent(newEvents[0]) == "from legacy"
    assert newEvents[0]["log_level"] is LogLevel.info and newEvents[0]["log_system"] == "sys"
    assert newEvents[0]["log_namespace"] == "log_legacy"
    assert newEvents[1]["log_level"] is LogLevel.critical
    assert [legacy.textFromEventDict(e) for e in legacyEvents[2:]] == ["from logger", "an error"]
    assert [e["isError"] for e in legacyEvents] == [0, 1, 0, 1]
    assert legacyEvents[2]["system"] == "-"


def test_begin_logging_replays_earlier_events_and_sends_warnings_and_prints():
    child = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import sys, warnings
        from refreactor.logger import Logger, globalLogBeginner, textFileLogObserver
        Logger(namespace="early").info("before beginning")
        Logger(namespace="early").critical("critical before beginning")
        globalLogBeginner.beginLoggingTo([textFileLogObserver(sys.stdout, timeFormat=None)])
        warnings.warn("mind the gap")
        print("printed")
        globalLogBeginner.beginLoggingTo([])
    """)], capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stderr == "critical before beginning\n"
    lines = child.stdout.splitlines()
    assert lines[:4] == [
        "- [early#info] before beginning",
        "- [early#critical] critical before beginning",
        "- [twisted.logger._global#warn] <string>:7: builtins.UserWarning: mind the gap",
        "- [stdout#info] printed"]
    assert lines[4].startswith("- [twisted.logger._global#warn] Warning: primary log target "
                               "selected twice at <<string>:9>")
