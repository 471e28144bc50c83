"""How objects cross a Perspective Broker connection, mirroring ``twisted.spread.flavors``.

A ``Referenceable`` stays where it is and the peer gets a reference to call; a ``Viewable``
is such a reference that also tells the method who calls; a ``Copyable`` is sent as a copy
its peer builds as the ``RemoteCopy`` registered for its name; a ``Cacheable`` is copied
once, then kept up to date through the observer it is given.
"""

import sys
from typing import Any

from zope.interface import Interface, implementer

from refreactor.python import log
from refreactor.spread.jelly import (
    Jellyable,
    Unjellyable,
    _createBlank,
    _text,
    getInstanceState,
    setInstanceState,
    setUnjellyableFactoryForClass,
    setUnjellyableForClass,
    setUnjellyableForClassTree,
    unjellyableRegistry,
    wireName,
)

setCopierForClass = setUnjellyableForClass
setCopierForClassTree = setUnjellyableForClassTree
setFactoryForClass = setUnjellyableFactoryForClass
copyTags = unjellyableRegistry

copy_atom = b"copy"
cache_atom = b"cache"
cached_atom = b"cached"
remote_atom = b"remote"


class NoSuchMethod(AttributeError):
    """The object called has no such remote method."""


class IPBRoot(Interface):
    """A factory of the root object a PB server gives each connection."""

    def rootObject(broker):
        """The root object for the connection ``broker``."""


def _callLogged(method: Any, args: Any, kw: dict[str, Any]) -> Any:
    """Call a remotely invoked method; a TypeError (wrong arguments) is logged, then raised."""
    try:
        return method(*args, **kw)
    except TypeError:
        log.msg(f"{method} didn't accept {args} and {kw}")
        raise


def _textKeys(kw: dict[Any, Any]) -> dict[str, Any]:
    return {_text(k): v for k, v in kw.items()}


class Serializable(Jellyable):
    """An object PB knows how to send; ``processUniqueID`` identifies it in this process."""

    def processUniqueID(self) -> Any:
        """What identifies this object among the objects sent (default: its id)."""
        return id(self)


class Referenceable(Serializable):
    """An object sent by reference: the peer calls its ``remote_NAME`` methods."""

    perspective: Any = None

    def remoteMessageReceived(self, broker: Any, message: Any, args: Any, kw: Any) -> Any:
        """Call ``remote_<message>`` with the unserialized arguments; its result serialized."""
        args = broker.unserialize(args)
        kw = _textKeys(broker.unserialize(kw))
        message = _text(message)
        method = getattr(self, f"remote_{message}", None)
        if method is None:
            raise NoSuchMethod(f"No such method: remote_{message}")
        return broker.serialize(_callLogged(method, args, kw), self.perspective)

    def jellyFor(self, jellier: Any) -> Any:
        """``["remote", luid]``: a reference registered with the broker."""
        return [remote_atom, jellier.invoker.registerReference(self)]


@implementer(IPBRoot)
class Root(Referenceable):
    """The object a PB server offers first; it is its own root object for every broker."""

    def rootObject(self, broker: Any) -> "Root":
        """This object."""
        return self


class ViewPoint(Referenceable):
    """A Viewable as seen by one perspective: calls ``view_NAME(perspective, ...)``."""

    def __init__(self, perspective: Any, object: Any) -> None:  # noqa: A002
        self.perspective = perspective
        self.object = object

    def processUniqueID(self) -> Any:
        """One reference per (perspective, object)."""
        return (id(self.perspective), id(self.object))

    def remoteMessageReceived(self, broker: Any, message: Any, args: Any, kw: Any) -> Any:
        """Call the object's ``view_<message>`` with the perspective first."""
        args = broker.unserialize(args, self.perspective)
        kw = _textKeys(broker.unserialize(kw, self.perspective))
        method = getattr(self.object, f"view_{_text(message)}")
        result = _callLogged(method, (self.perspective, *args), kw)
        return broker.serialize(result, self.perspective, method, args, kw)


class Viewable(Serializable):
    """An object sent by reference whose ``view_NAME`` methods learn the caller's perspective."""

    def jellyFor(self, jellier: Any) -> Any:
        """A reference to this object's ViewPoint for the perspective being served."""
        return ViewPoint(jellier.invoker.serializingPerspective, self).jellyFor(jellier)


class Copyable(Serializable):
    """An object sent as a copy: its type name and ``getStateToCopy``'s state."""

    def getStateToCopy(self) -> Any:
        """The state to send (default: the instance's dict)."""
        return self.__dict__

    def getStateToCopyFor(self, perspective: Any) -> Any:
        """The state to send to ``perspective`` (default: ``getStateToCopy``)."""
        return self.getStateToCopy()

    def getTypeToCopy(self) -> bytes:
        """The name the peer knows the copy by (default: the class's qualified name)."""
        return wireName(type(self))

    def getTypeToCopyFor(self, perspective: Any) -> bytes:
        """The type name for ``perspective`` (default: ``getTypeToCopy``)."""
        return self.getTypeToCopy()

    def jellyFor(self, jellier: Any) -> Any:
        """``[type, state]``; outside a broker, the plain instance jelly."""
        if jellier.invoker is None:
            return getInstanceState(self, jellier)
        perspective = jellier.invoker.serializingPerspective
        sxp = jellier.prepare(self)
        sxp.extend([self.getTypeToCopyFor(perspective),
                    jellier.jelly(self.getStateToCopyFor(perspective))])
        return jellier.preserve(self, sxp)


class Cacheable(Copyable):
    """An object copied once per broker, then kept current through its observer."""

    def getStateToCacheAndObserveFor(self, perspective: Any, observer: Any) -> Any:
        """The state to send, keeping ``observer`` to call the copy's ``observe_`` methods."""
        return self.getStateToCopyFor(perspective)

    def jellyFor(self, jellier: Any) -> Any:
        """``[type, luid, state]`` the first time, ``["cached", luid]`` after."""
        if jellier.invoker is None:
            return getInstanceState(self, jellier)
        broker = jellier.invoker
        luid = broker.cachedRemotelyAs(self, 1)
        if luid is not None:
            return [cached_atom, luid]
        luid = broker.cacheRemotely(self)
        perspective = broker.serializingPerspective
        observer = RemoteCacheObserver(broker, self, perspective)
        sxp = jellier.prepare(self)
        typeName = self.getTypeToCopyFor(perspective)
        state = jellier.jelly(self.getStateToCacheAndObserveFor(perspective, observer))
        sxp.extend([typeName, luid, state])
        return jellier.preserve(self, sxp)

    def stoppedObserving(self, perspective: Any, observer: Any) -> None:
        """The copy behind ``observer`` is gone (override to forget it)."""


class RemoteCopy(Unjellyable):
    """The local copy of a peer's Copyable; ``setCopyableState`` takes the state sent."""

    def setCopyableState(self, state: Any) -> None:
        """Take the state as this object's dict (keys as text)."""
        self.__dict__ = _textKeys(state or {})

    def unjellyFor(self, unjellier: Any, jellyList: Any) -> Any:
        """Fill this copy from the state in ``jellyList``."""
        if unjellier.invoker is None:
            return setInstanceState(self, unjellier, jellyList)
        self.setCopyableState(unjellier.unjelly(jellyList[1]))
        return self


class RemoteCache(RemoteCopy, Serializable):
    """The local copy of a peer's Cacheable: its ``observe_NAME`` methods keep it current."""

    broker: Any = None
    luid: Any = None

    def remoteMessageReceived(self, broker: Any, message: Any, args: Any, kw: Any) -> Any:
        """Call ``observe_<message>``."""
        args = broker.unserialize(args)
        kw = _textKeys(broker.unserialize(kw))
        method = getattr(self, f"observe_{_text(message)}")
        return broker.serialize(_callLogged(method, args, kw), None, method, args, kw)

    def jellyFor(self, jellier: Any) -> Any:
        """``["lcache", luid]``: the peer's own Cacheable."""
        if jellier.invoker is None:
            return getInstanceState(self, jellier)
        if jellier.invoker is not self.broker:
            raise AssertionError("You cannot exchange cached proxies between brokers.")
        return [b"lcache", self.luid]

    def unjellyFor(self, unjellier: Any, jellyList: Any) -> Any:
        """Become the cache for ``luid``; what is returned shares this object's state."""
        if unjellier.invoker is None:
            return setInstanceState(self, unjellier, jellyList)
        broker, luid = unjellier.invoker, jellyList[1]
        self.broker, self.luid = broker, luid
        copy = self._borgify()
        init = getattr(copy, "__init__", None)
        if init is not None:
            init()
        broker.cacheLocally(luid, self)
        copy.setCopyableState(unjellier.unjelly(jellyList[2]))
        self.__dict__ = copy.__dict__
        self.broker, self.luid = broker, luid
        return copy

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RemoteCache):
            return self.__dict__ is other.__dict__
        return NotImplemented

    def __hash__(self) -> int:
        return id(self.__dict__) % sys.maxsize

    def __del__(self) -> None:
        try:
            if self.broker and not self.broker.disconnected:
                self.broker.decCacheRef(self.luid)
        except BaseException:
            log.err()

    def _borgify(self) -> Any:
        """Another instance sharing this one's state."""
        blank = _createBlank(type(self))
        blank.__dict__ = self.__dict__
        return blank


def unjellyCached(unjellier: Any, unjellyList: Any) -> Any:
    """``["cached", luid]``: the cache already received."""
    return unjellier.invoker.cachedLocallyAs(unjellyList[1])._borgify()


def unjellyLCache(unjellier: Any, unjellyList: Any) -> Any:
    """``["lcache", luid]``: our own Cacheable, coming back."""
    return unjellier.invoker.remotelyCachedForLUID(unjellyList[1])


def unjellyLocal(unjellier: Any, unjellyList: Any) -> Any:
    """``["local", luid]``: our own Referenceable, coming back."""
    return unjellier.invoker.localObjectForID(unjellyList[1])


setUnjellyableForClass("cached", unjellyCached)
setUnjellyableForClass("lcache", unjellyLCache)
setUnjellyableForClass("local", unjellyLocal)


def _notYetSent() -> Exception:
    from refreactor.spread.pb import ProtocolError  # noqa: PLC0415 - pb builds on flavors
    return ProtocolError("You can't call a cached method when the object hasn't been given "
                         "to the peer yet.")


class RemoteCacheMethod:
    """A method of the peer's copy of a Cacheable, to call through its observer."""

    def __init__(self, name: Any, broker: Any, cached: Any, perspective: Any) -> None:
        self.name = name
        self.broker = broker
        self.perspective = perspective
        self.cached = cached

    def __call__(self, *args: Any, **kw: Any) -> Any:
        """Call ``observe_<name>`` on the peer's copy."""
        cacheID = self.broker.cachedRemotelyAs(self.cached)
        if cacheID is None:
            raise _notYetSent()
        name = self.name.encode("utf-8") if isinstance(self.name, str) else self.name
        return self.broker._sendMessage(b"cache", self.perspective, cacheID, name, args, kw)


class RemoteCacheObserver:
    """One peer's copy of a Cacheable: ``callRemote`` calls its ``observe_NAME`` methods."""

    def __init__(self, broker: Any, cached: Any, perspective: Any) -> None:
        self.broker = broker
        self.cached = cached
        self.perspective = perspective

    def __repr__(self) -> str:
        return (f"<RemoteCacheObserver({self.broker}, {self.cached}, {self.perspective}) "
                f"at {id(self)}>")

    def __hash__(self) -> int:
        return hash((id(self.broker), id(self.perspective), id(self.cached)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RemoteCacheObserver):
            return NotImplemented
        return (self.broker is other.broker and self.perspective is other.perspective
                and self.cached is other.cached)

    def callRemote(self, _name: Any, *args: Any, **kw: Any) -> Any:
        """Call ``observe_<_name>`` on this peer's copy; a Deferred of the result."""
        return RemoteCacheMethod(_name, self.broker, self.cached, self.perspective)(*args, **kw)

    def remoteMethod(self, key: Any) -> RemoteCacheMethod:
        """A callable for ``observe_<key>``."""
        return RemoteCacheMethod(key, self.broker, self.cached, self.perspective)
