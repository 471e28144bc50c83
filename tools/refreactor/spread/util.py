"""Helpers around Perspective Broker, mirroring ``twisted.spread.util``: local objects with
``callRemote``, and pagers that send large data page by page as the connection takes it.

A pager sends ``gotPage(page)`` calls (no answer asked) to a collector on the other side,
then ``endedPaging()``; ``getAllPages(ref, "method", ...)`` passes a collector to a remote
method that pages, and gives a Deferred of the list of pages.
"""

from typing import Any

from zope.interface import implementer

from refreactor.internet import defer, interfaces
from refreactor.protocols import basic
from refreactor.python.failure import Failure
from refreactor.spread import pb


class LocalMethod:
    """A method of a local object with ``callRemote``, as a callable."""

    def __init__(self, local: Any, name: str) -> None:
        self.local = local
        self.name = name

    def __call__(self, *args: Any, **kw: Any) -> Any:
        """Call the method through ``callRemote``."""
        return self.local.callRemote(self.name, *args, **kw)


class LocalAsRemote:
    """A local object answering ``callRemote(name)`` with its ``sync_NAME`` (result as is)
    or ``async_NAME`` (result in a Deferred) methods."""

    reportAllTracebacks = 1

    def callRemote(self, name: str, *args: Any, **kw: Any) -> Any:
        """Call ``sync_<name>`` directly, or ``async_<name>`` giving a Deferred."""
        synchronous = getattr(self, f"sync_{name}", None)
        if synchronous is not None:
            return synchronous(*args, **kw)
        try:
            return defer.succeed(getattr(self, f"async_{name}")(*args, **kw))
        except BaseException:
            failure = Failure()
            if self.reportAllTracebacks:
                failure.printTraceback()
            return defer.fail(failure)

    def remoteMethod(self, name: str) -> LocalMethod:
        """The method ``name`` as a callable."""
        return LocalMethod(self, name)


class LocalAsyncForwarder:
    """``callRemote`` on a local object, limited to the methods of an interface."""

    def __init__(self, forwarded: Any, interfaceClass: Any,
                 failWhenNotImplemented: int = 0) -> None:
        if not interfaceClass.providedBy(forwarded):
            raise TypeError(f"{forwarded!r} does not provide {interfaceClass!r}")
        self.forwarded = forwarded
        self.interfaceClass = interfaceClass
        self.failWhenNotImplemented = failWhenNotImplemented

    def callRemote(self, method: str, *args: Any, **kw: Any) -> defer.Deferred:
        """A Deferred of the method's result; None (or a failure) for a method the
        interface lacks."""
        if self.interfaceClass.queryDescriptionFor(method):
            return defer.maybeDeferred(getattr(self.forwarded, method), *args, **kw)
        if self.failWhenNotImplemented:
            return defer.fail(NotImplementedError(f"No Such Method in Interface: {method}"))
        return defer.succeed(None)


class Pager:
    """Sends pages to a remote collector while the connection takes them; subclasses give
    ``nextPage`` and call ``stopPaging`` after the last. ``callback(*args, **kw)`` is
    called once paging ends."""

    def __init__(self, collector: Any, callback: Any = None, *args: Any, **kw: Any) -> None:
        self.callback = callback if callable(callback) else None
        self.callbackArgs = args
        self.callbackKeyword = kw
        self._stillPaging = 1
        self.collector = collector
        collector.broker.registerPageProducer(self)

    def stillPaging(self) -> int:
        """Whether more pages come; when not, the collector is told (and the callback run)."""
        if not self._stillPaging:
            self.collector.callRemote("endedPaging", pbanswer=False)
            if self.callback is not None:
                self.callback(*self.callbackArgs, **self.callbackKeyword)
        return self._stillPaging

    def sendNextPage(self) -> None:
        """Send the next page to the collector."""
        self.collector.callRemote("gotPage", self.nextPage(), pbanswer=False)

    def nextPage(self) -> Any:
        """The next page (override)."""
        raise NotImplementedError()

    def stopPaging(self) -> None:
        """The page just given was the last."""
        self._stillPaging = 0


class StringPager(Pager):
    """Pages a byte string in chunks of ``chunkSize``."""

    def __init__(self, collector: Any, st: bytes, chunkSize: int = 8192, callback: Any = None,
                 *args: Any, **kw: Any) -> None:
        self.string = st
        self.pointer = 0
        self.chunkSize = chunkSize
        super().__init__(collector, callback, *args, **kw)

    def nextPage(self) -> bytes:
        """The next chunk."""
        page = self.string[self.pointer:self.pointer + self.chunkSize]
        self.pointer += self.chunkSize
        if self.pointer >= len(self.string):
            self.stopPaging()
        return page


@implementer(interfaces.IConsumer)
class FilePager(Pager):
    """Pages a file, read by a FileSender as pages are sent."""

    def __init__(self, collector: Any, fd: Any, callback: Any = None, *args: Any,
                 **kw: Any) -> None:
        self.chunks: list[bytes] = []
        self.producer: Any = None
        super().__init__(collector, callback, *args, **kw)
        self.startProducing(fd)

    def startProducing(self, fd: Any) -> None:
        """Start reading ``fd``; paging stops when it is read."""
        self.deferred = basic.FileSender().beginFileTransfer(fd, self)
        self.deferred.addBoth(lambda _: self.stopPaging())

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """The FileSender reading the file."""
        self.producer = producer
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        """The file is read."""
        self.producer = None

    def write(self, chunk: bytes) -> None:
        """A chunk of the file, to send as a page."""
        self.chunks.append(chunk)

    def sendNextPage(self) -> None:
        """Send a chunk read, and read the next."""
        if not self.chunks:
            return
        page = self.chunks.pop(0)
        if self.producer is not None:
            self.producer.resumeProducing()
        self.collector.callRemote("gotPage", page, pbanswer=False)


class CallbackPageCollector(pb.Referenceable):
    """Collects the pages sent to it; ``callback(pages)`` once paging ends."""

    def __init__(self, callback: Any) -> None:
        self.pages: list[Any] = []
        self.callback = callback

    def remote_gotPage(self, page: Any) -> None:
        """One more page."""
        self.pages.append(page)

    def remote_endedPaging(self) -> None:
        """The last page came."""
        self.callback(self.pages)


def getAllPages(referenceable: Any, methodName: str, *args: Any, **kw: Any) -> defer.Deferred:
    """Call ``methodName`` with a page collector first: a Deferred of all its pages."""
    d = defer.Deferred()
    referenceable.callRemote(methodName, CallbackPageCollector(d.callback), *args, **kw)
    return d
