"""Read a JSON log back: the events' fields are data again, to filter, add."""

import sys

from twisted.logger import LogLevel, eventsFromJSONLogFile, formatEvent

total = 0
with open(sys.argv[1], encoding="utf-8") as log_file:
    for event in eventsFromJSONLogFile(log_file):
        if event["log_level"] >= LogLevel.warn:
            print("warning:", formatEvent(event))
        elif "total" in event:
            total += event["total"]
print("total of the orders:", total, "euros")
