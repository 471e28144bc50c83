"""Adapters, mirroring ``twisted.python.components``: register them, and let interfaces find
them (``IFoo(obj)``); ``Componentized`` objects keep one component per interface.

``registerAdapter(factory, FromClassOrInterface, IFoo)`` makes ``IFoo(obj)`` return
``factory(obj)`` for any object providing (or any instance of) the first; ``proxyForInterface``
makes a class that passes an interface's attributes on to a wrapped object.
"""

from typing import Any

from zope.interface import declarations, interface
from zope.interface.adapter import AdapterRegistry

from refreactor.application._componentized import Componentized

globalRegistry = AdapterRegistry()
ALLOW_DUPLICATES = 0
CannotAdapt = TypeError


def _specification(origin: Any) -> Any:
    """An interface as it is, a class as the interfaces its instances provide."""
    if isinstance(origin, interface.InterfaceClass):
        return origin
    return declarations.implementedBy(origin)


def registerAdapter(adapterFactory: Any, origInterface: Any, *interfaceClasses: Any) -> None:
    """Have each of ``interfaceClasses`` adapt ``origInterface`` providers (or instances of
    that class) with ``adapterFactory``; ValueError if one is registered already."""
    assert interfaceClasses, "You need to pass an Interface"
    origin = _specification(origInterface)
    for interfaceClass in interfaceClasses:
        existing = globalRegistry.registered([origin], interfaceClass)
        if existing is not None and not ALLOW_DUPLICATES:
            raise ValueError(f"an adapter ({existing}) was already registered.")
    for interfaceClass in interfaceClasses:
        globalRegistry.register([origin], interfaceClass, "", adapterFactory)


def getAdapterFactory(fromInterface: Any, toInterface: Any, default: Any) -> Any:
    """The factory adapting ``fromInterface`` (or a class) to ``toInterface``, or ``default``."""
    factory = globalRegistry.lookup1(_specification(fromInterface), toInterface)
    return default if factory is None else factory


def _adaptWithRegistry(iface: Any, obj: Any) -> Any:
    """zope.interface's adapter hook: the registered adapter of ``obj`` to ``iface``."""
    factory = globalRegistry.lookup1(declarations.providedBy(obj), iface)
    return None if factory is None else factory(obj)


if _adaptWithRegistry not in interface.adapter_hooks:
    interface.adapter_hooks.append(_adaptWithRegistry)


def getRegistry() -> AdapterRegistry:
    """The registry ``registerAdapter`` fills."""
    return globalRegistry


class Adapter:
    """A base for adapters: it keeps the adapted object as ``original``."""

    temporaryAdapter = 0
    multiComponent = 1

    def __init__(self, original: Any) -> None:
        self.original = original

    def __conform__(self, interface: Any) -> Any:
        """Let the adapted object answer for other interfaces."""
        if hasattr(self.original, "__conform__"):
            return self.original.__conform__(interface)
        return None

    def isuper(self, iface: Any, adapter: Any) -> Any:
        """Ask the adapted object (a Componentized) for the next adapter up."""
        return self.original.isuper(iface, adapter)


class _ProxiedAttribute:
    """An attribute of a proxy class that reads, writes and deletes the wrapped object's."""

    def __init__(self, attributeName: str, originalAttribute: str) -> None:
        self.attributeName = attributeName
        self.originalAttribute = originalAttribute

    def __get__(self, proxy: Any, owner: Any = None) -> Any:
        if proxy is None:
            return _UnboundProxiedMethod(self.attributeName, self.originalAttribute)
        return getattr(getattr(proxy, self.originalAttribute), self.attributeName)

    def __set__(self, proxy: Any, value: Any) -> None:
        setattr(getattr(proxy, self.originalAttribute), self.attributeName, value)

    def __delete__(self, proxy: Any) -> None:
        delattr(getattr(proxy, self.originalAttribute), self.attributeName)


class _UnboundProxiedMethod:
    """``ProxyClass.method(proxy, ...)``: calls the wrapped object's method."""

    def __init__(self, methodName: str, originalAttribute: str) -> None:
        self.methodName = self.__name__ = methodName
        self.originalAttribute = originalAttribute

    def __call__(self, proxy: Any, *args: Any, **kw: Any) -> Any:
        return getattr(getattr(proxy, self.originalAttribute), self.methodName)(*args, **kw)


def proxyForInterface(iface: Any, originalAttribute: str = "original") -> type:
    """A class, providing ``iface``, whose instances wrap an object (``originalAttribute``)
    and pass every attribute ``iface`` names on to it; subclass it to override some."""

    def __init__(self: Any, original: Any) -> None:
        setattr(self, originalAttribute, original)

    contents: dict[str, Any] = {"__init__": __init__}
    for name in iface:
        contents[name] = _ProxiedAttribute(name, originalAttribute)
    proxy = type(f"(Proxy for {iface.__module__}.{iface.__name__})", (object,), contents)
    declarations.classImplements(proxy, iface)
    return proxy


__all__ = ["registerAdapter", "getAdapterFactory", "Adapter", "Componentized", "getRegistry",
           "proxyForInterface"]
