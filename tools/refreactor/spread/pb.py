"""Perspective Broker, mirroring ``twisted.spread.pb``: remote calls on objects across a
connection, Twisted's wire protocol (banana dialect ``pb``, protocol version 6).

Each connection has a Broker at both ends. ``callRemote`` sends
``["message", requestID, objectID, name, answerRequired, args, kwargs]`` (jellied); the
peer answers ``["answer", requestID, result]`` or ``["error", requestID, failure]``. A
reference the peer no longer holds comes back as ``["decref", objectID]``. The server's
root object is named ``"root"``; logging in goes through its ``login`` (a username, giving
an MD5 challenge and a challenger) and the challenger's ``respond``.
"""

import random
from hashlib import md5
from typing import Any

from zope.interface import Interface, implementer

from refreactor.cred.credentials import Anonymous, IAnonymous, ICredentials, IUsernameHashedPassword
from refreactor.cred.portal import Portal
from refreactor.internet import defer, protocol
from refreactor.persisted import styles
from refreactor.python import failure, log
from refreactor.python.components import registerAdapter
from refreactor.spread import banana
from refreactor.spread.flavors import (
    Cacheable,
    Copyable,
    IPBRoot,
    Jellyable,
    NoSuchMethod,
    Referenceable,
    RemoteCache,
    RemoteCacheObserver,
    RemoteCopy,
    Root,
    Serializable,
    Viewable,
    ViewPoint,
    copyTags,
    setCopierForClass,
    setCopierForClassTree,
    setFactoryForClass,
    setUnjellyableFactoryForClass,
    setUnjellyableForClass,
    setUnjellyableForClassTree,
)
from refreactor.spread.interfaces import IJellyable, IUnjellyable
from refreactor.spread.jelly import _text, globalSecurity, jelly, unjelly, wireName

MAX_BROKER_REFS = 1024
portno = 8787


class ProtocolError(Exception):
    """The peer broke the PB protocol."""


class DeadReferenceError(ProtocolError):
    """A call through a reference whose connection is gone."""


class Error(Exception):
    """An error a remote method raises on purpose: sent to the caller, not logged."""


class RemoteError(Exception):
    """A remote failure raised into a generator: its type name, message and traceback text."""

    def __init__(self, remoteType: Any, value: Any, remoteTraceback: Any) -> None:
        Exception.__init__(self, value)
        self.remoteType = remoteType
        self.remoteTraceback = remoteTraceback


class PBConnectionLost(Exception):
    """The connection closed before the answer came."""


class RemoteMethod:
    """A remote method as a callable: ``ref.remoteMethod("name")(args)``."""

    def __init__(self, obj: Any, name: Any) -> None:
        self.obj = obj
        self.name = name

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RemoteMethod):
            return NotImplemented
        return (self.obj, self.name) == (other.obj, other.name)

    def __hash__(self) -> int:
        return hash((self.obj, self.name))

    def __call__(self, *args: Any, **kw: Any) -> Any:
        """Call the method remotely; a Deferred of the result."""
        return self.obj.callRemote(self.name, *args, **kw)


class IPerspective(Interface):
    """An avatar PB users log in to: its ``perspective_NAME`` methods are callable."""

    def perspectiveMessageReceived(broker, message, args, kwargs):
        """Call the perspective method ``message``; its result serialized."""


@implementer(IPerspective)
class Avatar:
    """A perspective whose ``perspective_NAME`` methods the logged in peer calls."""

    def perspectiveMessageReceived(self, broker: Any, message: Any, args: Any, kw: Any) -> Any:
        """Call ``perspective_<message>`` with the unserialized arguments."""
        args = broker.unserialize(args, self)
        kw = {_text(k): v for k, v in broker.unserialize(kw, self).items()}
        method = getattr(self, f"perspective_{_text(message)}")
        try:
            state = method(*args, **kw)
        except TypeError:
            log.msg(f"{method} didn't accept {args} and {kw}")
            raise
        return broker.serialize(state, self, method, args, kw)


class AsReferenceable(Referenceable):
    """A Referenceable passing messages to ``object``'s ``<messageType>MessageReceived``."""

    def __init__(self, object: Any, messageType: str = "remote") -> None:  # noqa: A002
        self.remoteMessageReceived = getattr(object, messageType + "MessageReceived")


@implementer(IUnjellyable)
class RemoteReference(Serializable, styles.Ephemeral):
    """A reference to an object of the peer: ``callRemote`` calls its methods."""

    def __init__(self, perspective: Any, broker: Any, luid: Any, doRefCount: int) -> None:
        self.luid = luid
        self.broker = broker
        self.doRefCount = doRefCount
        self.perspective = perspective
        self.disconnectCallbacks: list[Any] | None = []

    def notifyOnDisconnect(self, callback: Any) -> None:
        """Call ``callback(self)`` when the connection is lost."""
        if not callable(callback):
            raise TypeError(f"{callback!r} is not callable")
        self.disconnectCallbacks.append(callback)
        if len(self.disconnectCallbacks) == 1:
            self.broker.notifyOnDisconnect(self._disconnected)

    def dontNotifyOnDisconnect(self, callback: Any) -> None:
        """Forget a ``notifyOnDisconnect`` callback."""
        self.disconnectCallbacks.remove(callback)
        if not self.disconnectCallbacks:
            self.broker.dontNotifyOnDisconnect(self._disconnected)

    def _disconnected(self) -> None:
        for callback in self.disconnectCallbacks:
            callback(self)
        self.disconnectCallbacks = None

    def jellyFor(self, jellier: Any) -> Any:
        """``["local", luid]``: the peer's own object, going back."""
        if jellier.invoker:
            if jellier.invoker is not self.broker:
                raise AssertionError("Can't send references to brokers other than their own.")
            return [b"local", self.luid]
        return [b"unpersistable", b"References cannot be serialized"]

    def unjellyFor(self, unjellier: Any, unjellyList: Any) -> "RemoteReference":
        """``["remote", luid]``: a reference to the peer's object ``luid``."""
        self.__init__(unjellier.invoker.unserializingPerspective, unjellier.invoker,
                      unjellyList[1], 1)
        return self

    def callRemote(self, _name: Any, *args: Any, **kw: Any) -> Any:
        """Call the peer's ``remote_<_name>`` (or perspective/view method): a Deferred of
        its result. DeadReferenceError, raised, if the connection is gone."""
        name = _name.encode("utf-8") if isinstance(_name, str) else _name
        return self.broker._sendMessage(b"", self.perspective, self.luid, name, args, kw)

    def remoteMethod(self, key: Any) -> RemoteMethod:
        """The remote method ``key`` as a callable."""
        return RemoteMethod(self, key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RemoteReference):
            return self.broker is other.broker and self.luid == other.luid
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.luid)

    def __del__(self) -> None:
        broker = getattr(self, "broker", None)
        if getattr(self, "doRefCount", 0) and broker is not None and not broker.disconnected:
            broker.sendDecRef(self.luid)


setUnjellyableForClass("remote", RemoteReference)


class Local:
    """An object of ours the peer holds references to, and how many."""

    def __init__(self, object: Any, perspective: Any = None) -> None:  # noqa: A002
        self.object = object
        self.perspective = perspective
        self.refcount = 1

    def __repr__(self) -> str:
        return f"<pb.Local {self.object!r} ref:{self.refcount}>"

    def incref(self) -> int:
        """One more reference; the new count."""
        self.refcount += 1
        return self.refcount

    def decref(self) -> int:
        """One reference fewer; the new count."""
        self.refcount -= 1
        return self.refcount


def _wireParents(parents: list[str]) -> list[str]:
    return ["twisted." + p[len("refreactor."):] if p.startswith("refreactor.") else p
            for p in parents]


class CopyableFailure(failure.Failure, Copyable):
    """A Failure sent to the peer: its type name, message, the names of its classes and
    (with ``unsafeTracebacks``) its traceback text."""

    unsafeTracebacks = 0

    def getStateToCopy(self) -> dict[str, Any]:
        """The state Twisted's CopiedFailure expects."""
        return {
            "type": self.type if isinstance(self.type, bytes) else wireName(self.type),
            "value": str(self.value),
            "parents": _wireParents(self.parents),
            "traceback": (self.getTraceback() if self.unsafeTracebacks
                          else "Traceback unavailable\n"),
            "tb": None, "frames": [], "stack": [], "count": 0, "captureVars": False,
        }


class CopiedFailure(RemoteCopy, failure.Failure):
    """A Failure received from the peer: ``check``/``trap`` compare class names, as Twisted
    names them (``twisted.*`` for refreactor's classes)."""

    def setCopyableState(self, state: Any) -> None:
        """Take the state sent."""
        super().setCopyableState(state)
        self.parents = [_text(p) for p in self.__dict__.get("parents", [])]
        self.tb = None

    def check(self, *errorTypes: Any) -> Any:
        """The first of ``errorTypes`` (classes or qualified names) the remote error is."""
        for error in errorTypes:
            name = wireName(error).decode("utf-8") if isinstance(error, type) else _text(error)
            if name in self.parents:
                return error
        return None

    def trap(self, *errorTypes: Any) -> Any:
        """Like ``check``; when none matches, ``raiseException`` (as Twisted's trap does)."""
        error = self.check(*errorTypes)
        if error is None:
            self.raiseException()
        return error

    def _typeName(self) -> str:
        return _text(self.type)

    def raiseException(self) -> None:
        """Raise a RemoteError naming the remote type (there is no local exception to raise)."""
        raise RemoteError(self.type, self.value, self.traceback)

    def getErrorMessage(self) -> str:
        """The remote exception's message."""
        return str(self.value)

    def getTraceback(self, elideFrameworkCode: int = 0, detail: str = "default") -> str:
        """``Traceback from remote host -- TYPE: MESSAGE``."""
        return f"Traceback from remote host -- {self._typeName()}: {self.value}\n"

    def getBriefTraceback(self) -> str:
        """The remote type and message."""
        return f"{self._typeName()}: {self.value}"

    def printTraceback(self, file: Any = None, elideFrameworkCode: int = 0,
                       detail: str = "default") -> None:
        """Write ``getTraceback()`` to ``file`` (default: the log)."""
        if file is None:
            log.msg(self.getTraceback())
        else:
            file.write(self.getTraceback())

    printBriefTraceback = printTraceback
    printDetailedTraceback = printTraceback

    def throwExceptionIntoGenerator(self, g: Any) -> Any:
        """Throw a RemoteError into ``g``."""
        return g.throw(RemoteError(self.type, self.value, self.traceback))

    def __repr__(self) -> str:
        return f"<twisted.spread.pb.CopiedFailure {self._typeName()}: {self.value}>"

    def __str__(self) -> str:
        return f"[Failure instance: {self.getTraceback()}]"


setUnjellyableForClass(CopyableFailure, CopiedFailure)


def failure2Copyable(fail: failure.Failure, unsafeTracebacks: int = 0) -> CopyableFailure:
    """A CopyableFailure with ``fail``'s exception."""
    copyable = CopyableFailure(fail.value, fail.type, fail.tb)
    copyable.unsafeTracebacks = unsafeTracebacks
    return copyable


class Broker(banana.Banana):
    """One end of a PB connection: sends calls, answers them, tracks references both ways."""

    version = 6
    username = None
    factory: Any = None
    serializingPerspective: Any = None

    def __init__(self, isClient: int = 1, security: Any = globalSecurity) -> None:
        super().__init__(isClient)
        self.disconnected = 0
        self.disconnects: list[Any] = []
        self.failures: list[Any] = []
        self.connects: list[Any] | None = []
        self.localObjects: dict[Any, Local] = {}
        self.security = security
        self.currentRequestID = 0
        self.currentLocalID = 0
        self.unserializingPerspective = None
        self.luids: dict[Any, Any] = {}
        self.remotelyCachedObjects: dict[Any, Local] = {}
        self.remotelyCachedLUIDs: dict[Any, Any] = {}
        self.locallyCachedObjects: dict[Any, Any] = {}
        self.waitingForAnswers: dict[int, defer.Deferred] = {}
        self._localCleanup: dict[Any, Any] = {}
        self.maxBrokerRefsViolations = 0
        self.pageProducers: list[Any] = []

    def registerPageProducer(self, pager: Any) -> None:
        """Send ``pager``'s pages as the connection takes them (see ``spread.util``)."""
        self.pageProducers.append(pager)
        if len(self.pageProducers) == 1:
            self.transport.registerProducer(self, False)

    def resumeProducing(self) -> None:
        """The connection takes more: one page from each pager; done pagers are dropped."""
        for pager in list(reversed(self.pageProducers)):
            pager.sendNextPage()
            if not pager.stillPaging():
                self.pageProducers.remove(pager)
        if not self.pageProducers:
            self.transport.unregisterProducer()

    def pauseProducing(self) -> None:
        """Nothing to do: pages go only when the connection asks (a pull producer)."""

    def stopProducing(self) -> None:
        """Nothing to do: the connection is closing."""

    def expressionReceived(self, sexp: Any) -> None:
        """Dispatch a command to ``proto_<command>``; ``didNotUnderstand`` if there is none."""
        if not isinstance(sexp, list) or not sexp or not isinstance(sexp[0], bytes):
            raise ProtocolError("Non-list expression received.")
        method = getattr(self, f"proto_{sexp[0].decode('utf-8', 'replace')}", None)
        if method is None:
            self.sendCall(b"didNotUnderstand", sexp[0])
        else:
            method(*sexp[1:])

    def proto_version(self, vnum: Any) -> None:
        """The peer's protocol version: it must be ours."""
        if vnum != self.version:
            raise ProtocolError(f"Version Incompatibility: {self.version} {vnum}")

    def proto_didNotUnderstand(self, command: Any) -> None:
        """The peer did not know a command we sent."""
        log.msg(f"Didn't understand command: {command!r}")

    def sendCall(self, *exp: Any) -> None:
        """Send one command."""
        self.sendEncoded(exp)

    def connectionReady(self) -> None:
        """The dialect is agreed: send our version, tell who waits, and the factory."""
        self.sendCall(b"version", self.version)
        connects, self.connects = self.connects or [], None
        for notifier in connects:
            try:
                notifier()
            except BaseException:
                log.err()
        if self.factory is not None:
            self.factory.clientConnectionMade(self)

    def connectionFailed(self) -> None:
        """The connection could not be made: call the ``notifyOnFail`` callbacks."""
        failures, self.failures = self.failures or [], None
        for notifier in failures:
            try:
                notifier()
            except BaseException:
                log.err()

    def connectionLost(self, reason: Any) -> None:
        """Fail every call waiting for an answer, stop the observers, call the notifiers."""
        self.disconnected = 1
        self.luids = None
        waiting, self.waitingForAnswers = self.waitingForAnswers or {}, None
        for d in waiting.values():
            try:
                d.errback(failure.Failure(PBConnectionLost(reason)))
            except BaseException:
                log.err()
        for local in (self.remotelyCachedObjects or {}).values():
            try:
                local.object.stoppedObserving(
                    local.perspective, RemoteCacheObserver(self, local.object, local.perspective))
            except BaseException:
                log.err()
        for notifier in list(self.disconnects or []):
            try:
                notifier()
            except BaseException:
                log.err()
        self.disconnects = None
        self.remotelyCachedObjects = None
        self.remotelyCachedLUIDs = None
        self.locallyCachedObjects = None
        self.localObjects = None

    def notifyOnDisconnect(self, notifier: Any) -> None:
        """Call ``notifier()`` when the connection is lost."""
        if not callable(notifier):
            raise TypeError(f"{notifier!r} is not callable")
        self.disconnects.append(notifier)

    def notifyOnFail(self, notifier: Any) -> None:
        """Call ``notifier()`` if the connection fails."""
        self.failures.append(notifier)

    def notifyOnConnect(self, notifier: Any) -> None:
        """Call ``notifier()`` when the connection is ready (now, if it is)."""
        if self.connects is None:
            try:
                notifier()
            except BaseException:
                log.err()
        else:
            self.connects.append(notifier)

    def dontNotifyOnDisconnect(self, notifier: Any) -> None:
        """Forget a ``notifyOnDisconnect`` notifier."""
        if self.disconnects and notifier in self.disconnects:
            self.disconnects.remove(notifier)

    def localObjectForID(self, luid: Any) -> Any:
        """Our object the peer calls ``luid``, or None."""
        if isinstance(luid, str):
            luid = luid.encode("utf-8")
        local = self.localObjects.get(luid) if self.localObjects is not None else None
        return None if local is None else local.object

    def registerReference(self, object: Any) -> Any:  # noqa: A002
        """The luid under which the peer may call ``object`` (one more reference to it)."""
        if object is None:
            raise TypeError("cannot register None")
        puid = object.processUniqueID()
        luid = self.luids.get(puid)
        if luid is not None:
            self.localObjects[luid].incref()
            return luid
        if len(self.localObjects) > MAX_BROKER_REFS:
            self._tooMany("Maximum PB reference count exceeded.")
        luid = self.newLocalID()
        self.localObjects[luid] = Local(object)
        self.luids[puid] = luid
        return luid

    def _tooMany(self, message: str) -> None:
        self.maxBrokerRefsViolations += 1
        if self.maxBrokerRefsViolations > 3:
            self.transport.loseConnection()
            raise Error(f"{message}  Goodbye.")
        raise Error(message)

    def setNameForLocal(self, name: Any, object: Any) -> None:  # noqa: A002
        """Let the peer call ``object`` by ``name`` (as ``"root"``)."""
        if isinstance(name, str):
            name = name.encode("utf-8")
        self.localObjects[name] = Local(object)

    def remoteForName(self, name: Any) -> RemoteReference:
        """A reference to the peer's object named ``name``."""
        if isinstance(name, str):
            name = name.encode("utf-8")
        return RemoteReference(None, self, name, 0)

    def cachedRemotelyAs(self, instance: Any, incref: int = 0) -> Any:
        """The luid of a Cacheable already sent to the peer, or None."""
        luid = self.remotelyCachedLUIDs.get(instance.processUniqueID())
        if luid is not None and incref:
            self.remotelyCachedObjects[luid].incref()
        return luid

    def remotelyCachedForLUID(self, luid: Any) -> Any:
        """Our Cacheable the peer holds as ``luid``."""
        return self.remotelyCachedObjects[luid].object

    def cacheRemotely(self, instance: Any) -> Any:
        """A new luid for a Cacheable about to be sent."""
        if len(self.remotelyCachedObjects) > MAX_BROKER_REFS:
            self._tooMany("Maximum PB cache count exceeded.")
        luid = self.newLocalID()
        self.remotelyCachedLUIDs[instance.processUniqueID()] = luid
        self.remotelyCachedObjects[luid] = Local(instance, self.serializingPerspective)
        return luid

    def cacheLocally(self, cid: Any, instance: Any) -> None:
        """Keep the peer's Cacheable copy ``instance`` as ``cid``."""
        self.locallyCachedObjects[cid] = instance

    def cachedLocallyAs(self, cid: Any) -> Any:
        """The copy of the peer's Cacheable ``cid``."""
        return self.locallyCachedObjects[cid]

    def serialize(self, object: Any, perspective: Any = None, method: Any = None,  # noqa: A002
                  args: Any = None, kw: Any = None) -> Any:
        """Jelly ``object`` for the peer (a Deferred: its result, once it comes)."""
        if isinstance(object, defer.Deferred):
            return object.addCallback(self.serialize, perspective=perspective, method=method,
                                      args=args, kw=kw)
        self.serializingPerspective = perspective
        self.jellyMethod, self.jellyArgs, self.jellyKw = method, args, kw
        try:
            return jelly(object, self.security, None, self)
        finally:
            self.serializingPerspective = None
            self.jellyMethod = self.jellyArgs = self.jellyKw = None

    def unserialize(self, sexp: Any, perspective: Any = None) -> Any:
        """Unjelly what the peer sent, as far as ``security`` allows."""
        self.unserializingPerspective = perspective
        try:
            return unjelly(sexp, self.security, None, self)
        finally:
            self.unserializingPerspective = None

    def newLocalID(self) -> int:
        """A new luid."""
        self.currentLocalID += 1
        return self.currentLocalID

    def newRequestID(self) -> int:
        """A new request ID."""
        self.currentRequestID += 1
        return self.currentRequestID

    def _sendMessage(self, prefix: bytes, perspective: Any, objectID: Any, message: bytes,
                     args: Any, kw: dict[str, Any]) -> Any:
        answerRequired = kw.pop("pbanswer", 1)
        if self.disconnected:
            raise DeadReferenceError("Calling Stale Broker")
        try:
            netArgs = self.serialize(args, perspective=perspective, method=message)
            netKw = self.serialize(kw, perspective=perspective, method=message)
        except BaseException:
            return defer.fail()
        requestID = self.newRequestID()
        answer = None
        if answerRequired:
            answer = self.waitingForAnswers[requestID] = defer.Deferred()
        self.sendCall(prefix + b"message", requestID, objectID, message, answerRequired,
                      netArgs, netKw)
        return answer

    def proto_message(self, requestID: Any, objectID: Any, message: Any, answerRequired: Any,
                      netArgs: Any, netKw: Any) -> None:
        """A call of one of our objects."""
        self._recvMessage(self.localObjectForID, requestID, objectID, message, answerRequired,
                          netArgs, netKw)

    def proto_cachemessage(self, requestID: Any, objectID: Any, message: Any,
                           answerRequired: Any, netArgs: Any, netKw: Any) -> None:
        """A call of our copy of a peer's Cacheable (its ``observe_`` methods)."""
        self._recvMessage(self.cachedLocallyAs, requestID, objectID, message, answerRequired,
                          netArgs, netKw)

    def _recvMessage(self, find: Any, requestID: Any, objectID: Any, message: Any,
                     answerRequired: Any, netArgs: Any, netKw: Any) -> None:
        message = _text(message)
        try:
            target = find(objectID)
            if target is None:
                raise Error("Invalid Object ID")
            netResult = target.remoteMessageReceived(self, message, netArgs, netKw)
        except Error as e:
            if answerRequired:
                sendable = isinstance(e, Jellyable) or self.security.isClassAllowed(type(e))
                self._sendError(e if sendable else CopyableFailure(e), requestID)
        except BaseException:
            if answerRequired:
                log.msg("Peer will receive following PB traceback:", isError=True)
                self._sendError(CopyableFailure(), requestID)
            log.err()
        else:
            if not answerRequired:
                return
            if isinstance(netResult, defer.Deferred):
                netResult.addCallbacks(self._sendAnswer, self._sendFailureOrError,
                                       callbackArgs=(requestID,), errbackArgs=(requestID,))
            else:
                self._sendAnswer(netResult, requestID)

    def _sendAnswer(self, netResult: Any, requestID: Any) -> None:
        if not self.disconnected:
            self.sendCall(b"answer", requestID, netResult)

    def proto_answer(self, requestID: Any, netResult: Any) -> None:
        """The answer to one of our calls."""
        d = self._waiting(requestID)
        d.callback(self._unserializeFor(d, netResult))

    def _unserializeFor(self, d: defer.Deferred, sexp: Any) -> Any:
        """Unjelly an answer; if it cannot be (InsecureJelly...), the call fails with that
        error and the connection is dropped (the exception goes on to the reactor)."""
        try:
            return self.unserialize(sexp)
        except BaseException:
            d.errback()
            raise

    def _waiting(self, requestID: Any) -> defer.Deferred:
        try:
            return self.waitingForAnswers.pop(requestID)
        except (KeyError, TypeError):
            raise ProtocolError(f"an answer to no call: {requestID!r}") from None

    def _sendFailureOrError(self, fail: failure.Failure, requestID: Any) -> None:
        if fail.check(Error) is None:
            log.msg("Peer will receive following PB traceback:")
            log.err(fail)
        self._sendError(fail, requestID)

    def _sendError(self, fail: Any, requestID: Any) -> None:
        if self.disconnected:
            return
        unsafe = getattr(self.factory, "unsafeTracebacks", False)
        if isinstance(fail, failure.Failure):
            if isinstance(fail.value, Jellyable) or self.security.isClassAllowed(type(fail.value)):
                fail = fail.value
            elif not isinstance(fail, CopyableFailure):
                fail = failure2Copyable(fail, unsafe)
        if isinstance(fail, CopyableFailure):
            fail.unsafeTracebacks = unsafe
        self.sendCall(b"error", requestID, self.serialize(fail))

    def proto_error(self, requestID: Any, fail: Any) -> None:
        """A call of ours failed."""
        d = self._waiting(requestID)
        d.errback(self._unserializeFor(d, fail))

    def sendDecRef(self, objectID: Any) -> None:
        """Tell the peer we dropped our reference to its object."""
        self.sendCall(b"decref", objectID)

    def proto_decref(self, objectID: Any) -> None:
        """The peer dropped a reference to our object: forget it when none is left."""
        if isinstance(objectID, str):
            objectID = objectID.encode("utf-8")
        local = self.localObjects.get(objectID)
        if local is None or local.decref() > 0:
            return
        puid = local.object.processUniqueID()
        self.luids.pop(puid, None)
        del self.localObjects[objectID]
        self._localCleanup.pop(puid, lambda: None)()

    def decCacheRef(self, objectID: Any) -> None:
        """Tell the peer we dropped a copy of its Cacheable."""
        self.sendCall(b"decache", objectID)

    def proto_decache(self, objectID: Any) -> None:
        """The peer dropped a copy of our Cacheable: stop observing when none is left."""
        local = self.remotelyCachedObjects.get(objectID)
        if local is None or local.decref() > 0:
            return
        cacheable = local.object
        try:
            cacheable.stoppedObserving(
                local.perspective, RemoteCacheObserver(self, cacheable, local.perspective))
        except BaseException:
            log.err()
        del self.remotelyCachedLUIDs[cacheable.processUniqueID()]
        del self.remotelyCachedObjects[objectID]
        self.sendCall(b"uncache", objectID)

    def proto_uncache(self, objectID: Any) -> None:
        """The peer forgot the Cacheable behind our copy ``objectID``."""
        copy = self.locallyCachedObjects.pop(objectID, None)
        if copy is not None:
            copy.broker = None


def respond(challenge: bytes, password: bytes) -> bytes:
    """The answer to a login challenge: MD5(MD5(password) + challenge)."""
    return md5(md5(password).digest() + challenge).digest()


def challenge() -> bytes:
    """A new login challenge: an MD5 digest of random letters."""
    letters = bytes(random.randint(65, 90) for _ in range(random.randrange(15, 25)))
    return md5(letters).digest()


class PBClientFactory(protocol.ClientFactory):
    """Connects to a PB server: ``getRootObject`` and ``login`` give Deferreds of references."""

    protocol = Broker
    unsafeTracebacks = False

    def __init__(self, unsafeTracebacks: bool = False, security: Any = globalSecurity) -> None:
        self.unsafeTracebacks = unsafeTracebacks
        self.security = security
        self._reset()

    def buildProtocol(self, addr: Any) -> Broker:
        """A client Broker."""
        broker = self.protocol(isClient=True, security=self.security)
        broker.factory = self
        return broker

    def _reset(self) -> None:
        self.rootObjectRequests: list[defer.Deferred] = []
        self._broker: Broker | None = None
        self._root: RemoteReference | None = None

    def _failAll(self, reason: Any) -> None:
        waiting = self.rootObjectRequests
        self._reset()
        for d in waiting:
            d.errback(reason)

    def clientConnectionFailed(self, connector: Any, reason: Any) -> None:
        """Fail the waiting ``getRootObject`` calls."""
        self._failAll(reason)

    def clientConnectionLost(self, connector: Any, reason: Any, reconnecting: int = 0) -> None:
        """Forget the broker; fail the waiting calls unless reconnecting."""
        if reconnecting:
            self._broker = self._root = None
        else:
            self._failAll(reason)

    def clientConnectionMade(self, broker: Broker) -> None:
        """The broker is ready: give the root object to who waits for it."""
        self._broker = broker
        self._root = broker.remoteForName("root")
        waiting, self.rootObjectRequests = self.rootObjectRequests, []
        for d in waiting:
            d.callback(self._root)

    def getRootObject(self) -> defer.Deferred:
        """A Deferred of a reference to the server's root object."""
        if self._broker is not None and not self._broker.disconnected:
            return defer.succeed(self._root)
        d = defer.Deferred()
        self.rootObjectRequests.append(d)
        return d

    def disconnect(self) -> None:
        """Close the connection."""
        if self._broker is not None:
            self._broker.transport.loseConnection()

    def login(self, credentials: Any, client: Any = None) -> defer.Deferred:
        """Log in with cred ``credentials`` (a username and password, or Anonymous):
        a Deferred of a reference to the avatar. ``client`` is the mind the realm gets."""
        d = self.getRootObject()
        if IAnonymous.providedBy(credentials):
            return d.addCallback(lambda root: root.callRemote("loginAnonymous", client))
        username, password = credentials.username, credentials.password

        def answer(challenged: Any) -> Any:
            challengeBytes, challenger = challenged
            return challenger.callRemote("respond", respond(challengeBytes, password), client)

        return d.addCallback(lambda root: root.callRemote("login", username)).addCallback(answer)


class PBServerFactory(protocol.ServerFactory):
    """Serves ``root`` (an IPBRoot: a Root, or a cred Portal for logins) to each connection."""

    unsafeTracebacks = False
    protocol = Broker

    def __init__(self, root: Any, unsafeTracebacks: bool = False,
                 security: Any = globalSecurity) -> None:
        self.root = IPBRoot(root)
        self.unsafeTracebacks = unsafeTracebacks
        self.security = security

    def buildProtocol(self, addr: Any) -> Broker:
        """A server Broker whose object ``"root"`` is the root's object for it."""
        broker = self.protocol(isClient=False, security=self.security)
        broker.factory = self
        broker.setNameForLocal("root", self.root.rootObject(broker))
        return broker

    def clientConnectionMade(self, protocol: Any) -> None:
        """A connection is ready (nothing to do on the server)."""


class IUsernameMD5Password(ICredentials):
    """A username whose password can be checked plain or as its MD5 digest."""

    def checkPassword(password):
        """True if ``password`` (plain) matches."""

    def checkMD5Password(password):
        """True if ``password`` (an MD5 digest) matches."""


@implementer(IPBRoot)
class _PortalRoot:
    """A Portal as a PB root: each connection gets a login object."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    def rootObject(self, broker: Broker) -> "_PortalWrapper":
        """The login object for ``broker``."""
        return _PortalWrapper(self.portal, broker)


registerAdapter(_PortalRoot, Portal, IPBRoot)


class _AvatarGiver:
    """Turns a portal login into the avatar sent to the peer, logged out on disconnect."""

    broker: Broker

    def _cbLogin(self, result: tuple[Any, Any, Any]) -> Any:
        _, avatar, logout = result
        if not IJellyable.providedBy(avatar):
            avatar = AsReferenceable(avatar, "perspective")
        pending = [logout]

        def logoutOnce() -> None:
            if pending:
                pending.pop()()

        self.broker._localCleanup[avatar.processUniqueID()] = logoutOnce
        self.broker.notifyOnDisconnect(logoutOnce)
        return avatar


class _PortalWrapper(Referenceable, _AvatarGiver):
    """The root object of a Portal: ``login`` gives a challenge, ``loginAnonymous`` logs in."""

    def __init__(self, portal: Portal, broker: Broker) -> None:
        self.portal = portal
        self.broker = broker

    def remote_login(self, username: bytes) -> tuple[bytes, "_PortalAuthChallenger"]:
        """A challenge and the object to answer it."""
        c = challenge()
        return c, _PortalAuthChallenger(self.portal, self.broker, username, c)

    def remote_loginAnonymous(self, mind: Any) -> defer.Deferred:
        """Log in anonymously."""
        return self.portal.login(Anonymous(), mind, IPerspective).addCallback(self._cbLogin)


@implementer(IUsernameHashedPassword, IUsernameMD5Password)
class _PortalAuthChallenger(Referenceable, _AvatarGiver):
    """The credentials of a challenged login: ``respond`` logs in with the answer."""

    def __init__(self, portal: Portal, broker: Broker, username: bytes, challenge: bytes) -> None:
        self.portal = portal
        self.broker = broker
        self.username = username
        self.challenge = challenge
        self.response: bytes | None = None

    def remote_respond(self, response: bytes, mind: Any) -> defer.Deferred:
        """Log in with ``response`` to the challenge."""
        self.response = response
        return self.portal.login(self, mind, IPerspective).addCallback(self._cbLogin)

    def checkPassword(self, password: bytes) -> bool:
        """True if the response answers the challenge for ``password``."""
        return self.checkMD5Password(md5(password).digest())

    def checkMD5Password(self, md5Password: bytes) -> bool:
        """True if the response answers the challenge for this password digest."""
        return self.response == md5(md5Password + self.challenge).digest()


__all__ = [
    "IPBRoot", "Serializable", "Referenceable", "NoSuchMethod", "Root", "ViewPoint",
    "Viewable", "Copyable", "Jellyable", "Cacheable", "RemoteCopy", "RemoteCache",
    "RemoteCacheObserver", "copyTags", "setUnjellyableForClass",
    "setUnjellyableFactoryForClass", "setUnjellyableForClassTree", "setCopierForClass",
    "setFactoryForClass", "setCopierForClassTree", "MAX_BROKER_REFS", "portno",
    "ProtocolError", "DeadReferenceError", "Error", "PBConnectionLost", "RemoteMethod",
    "IPerspective", "Avatar", "AsReferenceable", "RemoteReference", "CopyableFailure",
    "CopiedFailure", "failure2Copyable", "Broker", "respond", "challenge", "PBClientFactory",
    "PBServerFactory", "IUsernameMD5Password",
]
