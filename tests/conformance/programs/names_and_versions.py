"""A program sees Twisted's names: classes in reprs and tracebacks, log namespaces, the
version of the Twisted API (copyright.version, usage.Options' --version)."""

import traceback

from twisted import copyright
from twisted.internet import defer, error, protocol
from twisted.python import failure, usage


class Options(usage.Options):
    optFlags = [["verbose", "v", "Say more."]]


def masked(text):
    """Addresses vary between runs."""
    return text.split(" at 0x")[0]


print("classes:", protocol.ServerFactory.__module__, error.ConnectionRefusedError.__module__,
      defer.Deferred.__module__, failure.Failure.__module__)
print("factory:", masked(repr(protocol.ServerFactory())))
print("protocol:", masked(repr(protocol.Protocol())))
print("exception:", "".join(traceback.format_exception_only(
    error.ConnectionRefusedError("no one there"))).strip())
print("cancelled:", "".join(traceback.format_exception_only(defer.CancelledError())).strip())
print("failure:", failure.Failure(error.ConnectionDone()).getTraceback().splitlines()[-1])
print("copyright.version is a release:", copyright.version.count(".") == 2)
try:
    Options().parseOptions(["--version"])
except SystemExit as e:
    print("--version exit code:", e.code)
