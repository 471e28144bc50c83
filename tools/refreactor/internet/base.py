"""The event loop core of the reference reactor.

One pass of the loop (``mainLoop``) is:

1. ``runUntilCurrent``: run the calls other threads queued with ``callFromThread``, then every
   delayed call that is due, then (once ``stop`` was called) fire the shutdown event;
2. ``timeout``: work out how long the loop may sleep (0 if there is work, else until the next
   delayed call, else forever);
3. ``doIteration``: send what callbacks wrote since the last pass (transports queue writes and
   ask to be flushed), wait on epoll for that long, then call ``doRead``/``doWrite`` of every
   ready selectable. A selectable whose method returns a reason or raises is disconnected.

Another thread (or a signal handler) wakes a sleeping loop through the waker, an eventfd that
is always registered for reading.

The concrete reactor class composes this core with the TCP/SSL/UNIX methods and with part
two's mixins; mixins that need setup may define ``__init__`` and call ``super().__init__()``.
"""

import builtins
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from refreactor.internet import error
from refreactor.internet._timers import DelayedCall, TimerQueue
from refreactor.internet.interfaces import (
    IHalfCloseableDescriptor,
    IReactorCore,
    IReactorFDSet,
    IReactorFromThreads,
    IReactorPluggableResolver,
    IReactorTime,
)
from refreactor.logger import Logger
from refreactor.python import context, log, threadable
from refreactor.python.failure import Failure

# The reactor's own messages, as Twisted's: events of the namespace twisted.internet.base,
# which carry no log context (a signal handler runs inside whatever callback it interrupted).
_log = Logger()

_IN = select.EPOLLIN
_OUT = select.EPOLLOUT
_HANGUP = select.EPOLLHUP | select.EPOLLERR

CONNECTION_DONE = error.ConnectionDone()
CONNECTION_LOST = error.ConnectionLost()
DESCRIPTOR_WENT_AWAY = error.ConnectionFdescWentAway("Filedescriptor went away")


class _Waker:
    """An eventfd the loop always reads, so that writing to it interrupts a sleeping loop."""

    def __init__(self) -> None:
        self._fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)

    def fileno(self) -> int:
        """The eventfd."""
        return self._fd

    def wakeUp(self) -> None:
        """Make the eventfd readable; safe from any thread and from signal handlers."""
        try:
            os.eventfd_write(self._fd, 1)
        except OSError:
            pass  # Counter saturated (the loop is already awake) or waker closed at shutdown.

    def doRead(self) -> None:
        """Reset the eventfd."""
        try:
            os.eventfd_read(self._fd)
        except BlockingIOError:
            pass

    def connectionLost(self, reason: Failure) -> None:
        """Close the eventfd."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def logPrefix(self) -> str:
        """Names the waker in the log."""
        return "waker"


class _ThreePhaseEvent:
    """The triggers of one system event ("startup", "shutdown", ...) by phase."""

    def __init__(self) -> None:
        self.phases: dict[str, list[tuple]] = {"before": [], "during": [], "after": []}
        self.firing = False

    def addTrigger(self, phase: str, func: Callable[..., Any], args: tuple, kw: dict) -> tuple:
        """Register a trigger and return the handle that removes it."""
        if phase not in self.phases:
            raise KeyError(f"invalid phase {phase!r}")
        trigger = (func, args, kw)
        self.phases[phase].append(trigger)
        return (phase, trigger)

    def removeTrigger(self, handle: tuple) -> None:
        """Remove a trigger; ValueError if it is not registered."""
        phase, trigger = handle
        self.phases[phase].remove(trigger)

    def fire(self) -> None:
        """Run "before" triggers, wait for the Deferreds they return, then the other phases."""
        from refreactor.internet.defer import Deferred, DeferredList

        self.firing = True
        waits = []
        for func, args, kw in list(self.phases["before"]):
            try:
                result = func(*args, **kw)
            except BaseException:
                log.err()
            else:
                if isinstance(result, Deferred):
                    waits.append(result)
        if waits:
            DeferredList(waits).addCallback(lambda _: self._finish())
        else:
            self._finish()

    def _finish(self) -> None:
        self.firing = False
        for phase in ("during", "after"):
            triggers = self.phases[phase]
            while triggers:
                func, args, kw = triggers.pop(0)
                try:
                    func(*args, **kw)
                except BaseException:
                    log.err()


@implementer(IReactorCore, IReactorTime, IReactorFromThreads, IReactorFDSet,
             IReactorPluggableResolver)
class ReactorBase:
    """The event loop: delayed calls, thread calls, system events and an epoll FD set."""

    seconds = staticmethod(time.time)

    def __init__(self) -> None:
        self.running = False
        self._started = False
        self._stopped = True
        self._justStopped = False
        self._startedBefore = False
        self._timers = TimerQueue(self.seconds)
        self.threadCallQueue: list[tuple] = []
        self._wakePending = False
        self._events: dict[str, _ThreePhaseEvent] = {}
        self._savedSignals: dict[int, Any] = {}
        self._resolver: Any = None
        self._poller = select.epoll()
        self._masks: dict[int, int] = {}
        self._selectables: dict[int, Any] = {}
        self._pendingFlushes: list[Any] = []
        # Selectables epoll refuses (regular files, EPERM) are always ready: mask by object.
        self._alwaysReady: dict[Any, int] = {}
        self.waker = _Waker()
        self.addReader(self.waker)
        self.addSystemEventTrigger("during", "startup", self._reallyStartRunning)
        self.addSystemEventTrigger("during", "shutdown", self.crash)
        self.addSystemEventTrigger("during", "shutdown", self.disconnectAll)

    # -- IReactorTime --------------------------------------------------------------------------

    def callLater(self, delay: float, callable: Callable[..., Any], *args: Any,
                  **kw: Any) -> DelayedCall:
        """Schedule ``callable(*args, **kw)`` in ``delay`` seconds."""
        assert builtins.callable(callable), f"{callable!r} is not callable"
        assert delay >= 0, f"{delay} is not greater than or equal to 0 seconds"
        return self._timers.schedule(delay, callable, args, kw)

    def getDelayedCalls(self) -> list[DelayedCall]:
        """The calls still waiting to run."""
        return self._timers.calls()

    # -- IReactorFromThreads -------------------------------------------------------------------

    def callFromThread(self, callable: Callable[..., Any], *args: Any, **kw: Any) -> None:
        """Queue a call for the loop thread and wake the loop; safe from any thread."""
        self.threadCallQueue.append((callable, args, kw))
        if not self._wakePending:
            self._wakePending = True
            self.waker.wakeUp()

    def wakeUp(self) -> None:
        """Interrupt the loop's wait for I/O."""
        self.waker.wakeUp()

    def _runThreadCalls(self) -> None:
        queue = self.threadCallQueue
        # Clear the flag before reading the queue: a call queued after this point either
        # sees the flag down and wakes us, or is queued before we read the length below.
        self._wakePending = False
        count = len(queue)
        for i in range(count):
            func, args, kw = queue[i]
            try:
                func(*args, **kw)
            except BaseException:
                log.err()
        del queue[:count]

    # -- the loop --------------------------------------------------------------------------------

    def runUntilCurrent(self) -> None:
        """Run queued thread calls and due delayed calls; fire shutdown if stop was called."""
        if self.threadCallQueue:
            self._runThreadCalls()
        popDue = self._timers.popDue
        now = self.seconds()
        cutoff = self._timers.sequence  # Calls scheduled from here on wait for the next pass.
        while (call := popDue(now, cutoff)) is not None:
            try:
                if call.kw:
                    call.func(*call.args, **call.kw)
                else:
                    call.func(*call.args)
            except BaseException:
                log.err()
        if self._justStopped:
            self._justStopped = False
            self.fireSystemEvent("shutdown")

    def timeout(self) -> float | None:
        """How long the next wait for I/O may last (None: until something happens)."""
        if self.threadCallQueue or self._justStopped:
            return 0.0
        due = self._timers.nextTime()
        if due is None:
            return None
        return max(0.0, due - self.seconds())

    def doIteration(self, timeout: float | None) -> None:
        """Send what callbacks wrote, wait up to ``timeout`` seconds for I/O, then dispatch."""
        if self._pendingFlushes:
            self._flushWrites()
            # A flush may have scheduled work (a failed send disconnects): sleep no longer.
            due = self.timeout()
            if due is not None and (timeout is None or due < timeout):
                timeout = due
        if self._alwaysReady:
            timeout = 0
        try:
            ready = self._poller.poll(-1 if timeout is None else timeout)
        except InterruptedError:
            return
        selectables = self._selectables
        for fd, event in ready:
            selectable = selectables.get(fd)
            if selectable is None:
                continue  # Removed by an earlier callback of this same pass.
            # What the protocol logs while handling the event carries its prefix, as in Twisted.
            context.call({log.ILogContext: {"system": _prefix(selectable)}},
                         self._handleEvent, selectable, fd, event)
        if self._alwaysReady:
            self._dispatchAlwaysReady()

    def _dispatchAlwaysReady(self) -> None:
        """Call the always-ready selectables, as though epoll had reported them ready."""
        for selectable, mask in list(self._alwaysReady.items()):
            if selectable in self._alwaysReady:
                context.call({log.ILogContext: {"system": _prefix(selectable)}},
                             self._handleEvent, selectable, -1, mask)

    def _handleEvent(self, selectable: Any, fd: int, event: int) -> None:
        """Call ``doRead``/``doWrite`` for one epoll event; disconnect on a reason or error."""
        why = None
        inRead = False
        if event & _HANGUP and not event & _IN:
            inRead = bool(self._masks.get(fd, 0) & _IN)
            why = CONNECTION_DONE if inRead else CONNECTION_LOST
        else:
            try:
                if event & _IN:
                    inRead = True
                    why = selectable.doRead()
                if not why and event & _OUT and (
                        fd in self._selectables or selectable in self._alwaysReady):
                    inRead = False
                    why = selectable.doWrite()
            except BaseException as e:
                why = e
                log.err()  # "Unhandled Error", as Twisted logs it
            if (not why and fd >= 0 and self._selectables.get(fd) is selectable
                    and selectable.fileno() != fd):
                why = DESCRIPTOR_WENT_AWAY  # Closed behind our back: stop calling it.
        if why:
            self._disconnectSelectable(selectable, why, inRead)

    def _flushWrites(self) -> None:
        transports, self._pendingFlushes = self._pendingFlushes, []
        for transport in transports:
            try:
                transport._flush()
            except BaseException:
                log.err(system=_prefix(transport))

    def _disconnectSelectable(self, selectable: Any, why: Any, isRead: bool) -> None:
        """Stop watching ``selectable`` and tell it why, via ``connectionLost``."""
        self.removeReader(selectable)
        reason = why if isinstance(why, Failure) else Failure(why)
        if (isRead and reason.type is error.ConnectionDone
                and IHalfCloseableDescriptor.providedBy(selectable)):
            selectable.readConnectionLost(reason)
            return
        self.removeWriter(selectable)
        try:
            selectable.connectionLost(reason)
        except BaseException:
            log.err(system=_prefix(selectable))

    def iterate(self, delay: float = 0) -> None:
        """Run one pass of the loop, waiting at most ``delay`` seconds for I/O."""
        self.runUntilCurrent()
        self.doIteration(delay)

    def mainLoop(self) -> None:
        """Loop until ``crash`` (or the shutdown ``stop`` starts) ends it."""
        while self._started:
            try:
                while self._started:
                    self.runUntilCurrent()
                    if self._started:  # Not if this pass crashed the loop (shutdown does).
                        self.doIteration(self.timeout())
            except Exception:
                log.msg("Unexpected error in main loop.")
                log.err()
        _log.info("Main loop terminated.")

    # -- IReactorCore ------------------------------------------------------------------------------

    def run(self, installSignalHandlers: bool = True) -> None:
        """Fire startup, loop until stopped, and return."""
        self.startRunning(installSignalHandlers=installSignalHandlers)
        try:
            self.mainLoop()
        finally:
            self._restoreSignals()

    def startRunning(self, installSignalHandlers: bool = True) -> None:
        """Fire the startup event without entering the loop (``run`` does both)."""
        if self._started:
            raise error.ReactorAlreadyRunning()
        if self._startedBefore:
            raise error.ReactorNotRestartable()
        self._started = True
        self._stopped = False
        threadable.registerAsIOThread()
        self._wantsSignals = (installSignalHandlers
                              and threading.current_thread() is threading.main_thread())
        self.fireSystemEvent("startup")

    _wantsSignals = False

    def _reallyStartRunning(self) -> None:
        # "During" startup, as in Twisted: "before" triggers run without our handlers.
        self.running = True
        if self._wantsSignals:
            self._handleSignals()

    def stop(self) -> None:
        """Begin shutdown: the next pass fires the shutdown event, which ends the loop."""
        if self._stopped:
            raise error.ReactorNotRunning("Can't stop reactor that isn't running.")
        self._stopped = True
        self._justStopped = True
        self._startedBefore = True

    def crash(self) -> None:
        """Leave the loop at once, skipping the shutdown event."""
        self._started = False
        self.running = False
        self.addSystemEventTrigger("during", "startup", self._reallyStartRunning)

    def callWhenRunning(self, callable: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Call now if running, else once startup completes (returning a trigger ID)."""
        if self.running:
            callable(*args, **kw)
            return None
        return self.addSystemEventTrigger("after", "startup", callable, *args, **kw)

    def addSystemEventTrigger(self, phase: str, eventType: str, callable: Callable[..., Any],
                              *args: Any, **kw: Any) -> tuple:
        """Register a trigger for a phase of a system event; returns its ID."""
        if not builtins.callable(callable):
            raise AssertionError(f"{callable!r} is not callable")
        event = self._events.setdefault(eventType, _ThreePhaseEvent())
        return (eventType, event.addTrigger(phase, callable, args, kw))

    def removeSystemEventTrigger(self, triggerID: tuple) -> None:
        """Remove a trigger registered with ``addSystemEventTrigger``."""
        try:
            eventType, handle = triggerID
            self._events[eventType].removeTrigger(handle)
        except (KeyError, ValueError, TypeError):
            raise ValueError(f"no such system event trigger: {triggerID!r}") from None

    def fireSystemEvent(self, eventType: str) -> None:
        """Fire the triggers of ``eventType``."""
        event = self._events.get(eventType)
        if event is not None:
            event.fire()

    def disconnectAll(self) -> None:
        """Disconnect every selectable (shutdown does this)."""
        for selectable in self.removeAll():
            try:
                # Under the selectable's prefix, as Twisted's callWithLogger.
                context.call({log.ILogContext: {"system": _prefix(selectable)}},
                             selectable.connectionLost, Failure(CONNECTION_LOST))
            except BaseException:
                log.err(system=_prefix(selectable))

    # -- name resolution -----------------------------------------------------------------------

    def installResolver(self, resolver: Any) -> Any:
        """Use ``resolver.getHostByName`` for ``resolve``; returns the previous resolver."""
        previous, self._resolver = self._resolver, resolver
        return previous

    def resolve(self, name: str, timeout: tuple = (1, 3, 11, 45)) -> Any:
        """Look up the IPv4 address of ``name``; returns a Deferred.

        As in Twisted, the lookup runs in the reactor's thread pool and the Deferred fires
        from the loop (so not before ``run``); an address literal needs no lookup.
        """
        from refreactor.internet import defer, threads

        if self._resolver is not None:
            return self._resolver.getHostByName(name, timeout)
        if not name:
            return defer.succeed("0.0.0.0")
        if _isIPv4Literal(name):
            return defer.succeed(name)

        def notFound(failure: Failure) -> None:
            failure.trap(OSError)
            raise error.DNSLookupError(f"address {name!r} not found: {failure.value}")

        lookup = threads.deferToThreadPool(self, self.getThreadPool(), socket.gethostbyname, name)
        return lookup.addErrback(notFound)

    # -- signals ---------------------------------------------------------------------------------

    def _handleSignals(self) -> None:
        """Install SIGINT/SIGTERM handlers that stop the reactor (mixins may extend this)."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._savedSignals[signum] = signal.signal(signum, self._stopOnSignal)

    def _restoreSignals(self) -> None:
        """Put back the signal handlers ``_handleSignals`` replaced."""
        while self._savedSignals:
            signum, handler = self._savedSignals.popitem()
            signal.signal(signum, handler)

    # The signal that stopped the reactor, if one did (twistd ends by re-raising it).
    _exitSignal: int | None = None

    def _stopOnSignal(self, signum: int, frame: Any) -> None:
        self._exitSignal = signum
        _log.info(f"Received {signal.Signals(signum).name}, shutting down.")
        self.callFromThread(self._stopIfRunning)

    def _stopIfRunning(self) -> None:
        if not self._stopped:
            self.stop()

    # -- IReactorFDSet ---------------------------------------------------------------------------

    def _watch(self, selectable: Any, flag: int) -> None:
        if selectable in self._alwaysReady:
            self._alwaysReady[selectable] |= flag
            return
        fd = selectable.fileno()
        mask = self._masks.get(fd)
        if mask is None:
            try:
                self._poller.register(fd, flag)
            except PermissionError:
                # A regular file: epoll cannot watch it, and reading or writing never
                # blocks, so (as Twisted does) it is treated as always ready.
                self._alwaysReady[selectable] = flag
                return
            self._masks[fd] = flag
        elif not mask & flag:
            self._poller.modify(fd, mask | flag)
            self._masks[fd] = mask | flag
        self._selectables[fd] = selectable

    def _unwatch(self, selectable: Any, flag: int) -> None:
        if selectable in self._alwaysReady:
            self._forgetAlwaysReady(selectable, flag)
            return
        fd = selectable.fileno()
        if fd == -1 or self._selectables.get(fd) is not selectable:
            # Closed (or its number reused): find it by identity.
            fd = next((f for f, s in self._selectables.items() if s is selectable), -1)
            if fd == -1:
                return
        mask = self._masks[fd]
        if not mask & flag:
            return
        mask &= ~flag
        if mask:
            self._poller.modify(fd, mask)
            self._masks[fd] = mask
            return
        del self._masks[fd]
        del self._selectables[fd]
        try:
            self._poller.unregister(fd)
        except OSError:
            pass  # The descriptor was already closed, which removed it from epoll.

    def _forgetAlwaysReady(self, selectable: Any, flag: int) -> None:
        mask = self._alwaysReady[selectable] & ~flag
        if mask:
            self._alwaysReady[selectable] = mask
        else:
            del self._alwaysReady[selectable]

    def addReader(self, reader: Any) -> None:
        """Call ``reader.doRead()`` whenever its descriptor is readable."""
        self._watch(reader, _IN)

    def addWriter(self, writer: Any) -> None:
        """Call ``writer.doWrite()`` whenever its descriptor is writable."""
        self._watch(writer, _OUT)

    def removeReader(self, reader: Any) -> None:
        """Stop watching ``reader`` for readability."""
        self._unwatch(reader, _IN)

    def removeWriter(self, writer: Any) -> None:
        """Stop watching ``writer`` for writability."""
        self._unwatch(writer, _OUT)

    def removeAll(self) -> list[Any]:
        """Stop watching every selectable but the waker; return those removed."""
        removed = [s for s in self._selectables.values() if s is not self.waker]
        removed += list(self._alwaysReady)
        for selectable in removed:
            self.removeReader(selectable)
            self.removeWriter(selectable)
        return removed

    def getReaders(self) -> list[Any]:
        """The selectables watched for reading."""
        return ([self._selectables[fd] for fd, mask in self._masks.items() if mask & _IN]
                + [s for s, mask in self._alwaysReady.items() if mask & _IN])

    def getWriters(self) -> list[Any]:
        """The selectables watched for writing."""
        return ([self._selectables[fd] for fd, mask in self._masks.items() if mask & _OUT]
                + [s for s, mask in self._alwaysReady.items() if mask & _OUT])

    def close(self) -> None:
        """Release the reactor's own descriptors (epoll and waker); for tests and embedders."""
        self.removeReader(self.waker)
        self.waker.connectionLost(Failure(CONNECTION_DONE))
        self._poller.close()


def _isIPv4Literal(name: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET, name)
    except OSError:
        return False
    return True


def _prefix(selectable: Any) -> str:
    try:
        return selectable.logPrefix()
    except Exception:
        return type(selectable).__name__
