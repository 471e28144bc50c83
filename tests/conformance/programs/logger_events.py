"""twisted.logger and twisted.python.log together: events both ways, levels, namespaces,
formats, JSON files read back, filtering, beginLoggingTo with its buffer, warnings and
printed lines, as Twisted writes them."""

import io
import sys
import warnings

from twisted.logger import (
    FilteringLogObserver,
    Logger,
    LogLevel,
    LogLevelFilterPredicate,
    eventsFromJSONLogFile,
    formatEvent,
    globalLogBeginner,
    globalLogPublisher,
    jsonFileLogObserver,
    textFileLogObserver,
)
from twisted.python import log
from twisted.python.failure import Failure

out = sys.stdout


class Opaque:
    """Not JSON: stored as unpersistable, its text kept by flattening."""

    def __repr__(self):
        return "<opaque>"

log_ = Logger(namespace="demo")


class Service:
    log = Logger()

    def work(self):
        self.log.info("working on {what!r} for {owner.name}", what=b"bytes", owner=self)

    name = "the service"


log_.info("logged before logging began: {n}", n=1)
globalLogBeginner.beginLoggingTo([textFileLogObserver(out, timeFormat=None)])
log_.debug("debug is shown by a plain text observer")
log_.warn("{count} {things} and {nested[key]} and {text.upper()}", count=3, things="cats",
          nested={"key": "value"}, text="called")
log_.error("an error without a failure")
try:
    raise ValueError("bad value")
except ValueError:
    log_.failure("handled {thing}", thing="it")
Service().work()
log.msg("legacy message", "with two parts", system="legacy-system")
log.msg(b"legacy bytes")
log.msg(format="legacy %(what)s format", what="printf")
log.err(Failure(KeyError("gone")), "legacy error")
warnings.warn("a python warning", stacklevel=1)
print("a printed line")
sys.stderr.write("an error line\n")

legacyTexts = []
log.addObserver(lambda event: legacyTexts.append(
    (log.textFromEventDict(event), event["isError"], event["system"])))
log_.info("new event to a legacy observer")
log_.critical("critical event to a legacy observer")
sys.stdout = sys.__stdout__
print("legacy observer saw:", legacyTexts)

kept = []
predicate = LogLevelFilterPredicate(defaultLogLevel=LogLevel.warn)
predicate.setLogLevelForNamespace("demo.db", LogLevel.debug)
filtering = FilteringLogObserver(lambda e: kept.append(formatEvent(e)), [predicate])
globalLogPublisher.addObserver(filtering)
Logger(namespace="demo").info("dropped: info below warn")
Logger(namespace="demo").error("kept: error")
Logger(namespace="demo.db.pool").debug("kept: debug under demo.db")
globalLogPublisher.removeObserver(filtering)
print("filter kept:", kept)

record = io.StringIO()
jsonObserver = jsonFileLogObserver(record)
globalLogPublisher.addObserver(jsonObserver)
log_.info("json {a} {b!r} {c}", a=1, b=b"two", c=Opaque())
log.msg("legacy into json")
globalLogPublisher.removeObserver(jsonObserver)
for event in eventsFromJSONLogFile(io.StringIO(record.getvalue())):
    text = formatEvent(event)
    print("from json:", text, event["log_level"].name, event["log_namespace"],
          event.get("c"))
print("level names:", [level.name for level in LogLevel.iterconstants()],
      LogLevel.levelWithName("warn") > LogLevel.info)
