"""An unhandled error in a Deferred, in a text log and in a legacy file log: the words, then
the failure as an event of its own (a blank line before the traceback in the text log)."""

import gc
import sys

from twisted.internet import defer
from twisted.logger import globalLogBeginner, textFileLogObserver
from twisted.python import log


def lose(exception):
    d = defer.fail(exception)
    del d
    gc.collect()


legacy = log.FileLogObserver(sys.stdout)
legacy.timeFormat = "(legacy)"
globalLogBeginner.beginLoggingTo([textFileLogObserver(sys.stdout, timeFormat=None)],
                                 redirectStandardIO=False)
lose(ZeroDivisionError("in the text log"))
log.addObserver(legacy.emit)
lose(KeyError("in both logs"))
