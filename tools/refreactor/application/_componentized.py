"""An object that holds one component per interface and adapts to those interfaces."""

from __future__ import annotations

from typing import Any

from zope.interface import providedBy
from zope.interface.interface import InterfaceClass


class Componentized:
    """A bag of components; ``IFoo(obj)`` returns the component registered for ``IFoo``."""

    def __init__(self) -> None:
        """Start with no components."""
        self._adapterCache: dict[str, Any] = {}

    @staticmethod
    def _key(interface: InterfaceClass) -> str:
        """Return the dictionary key for an interface (its qualified name, which pickles)."""
        return f"{interface.__module__}.{interface.__name__}"

    def setComponent(self, interfaceClass: InterfaceClass, component: Any) -> None:
        """Register ``component`` as this object's ``interfaceClass``."""
        self._adapterCache[self._key(interfaceClass)] = component

    def addComponent(self, component: Any, ignoreClass: bool = False) -> None:
        """Register ``component`` for every interface it provides (``ignoreClass``: unused)."""
        for interface in providedBy(component).flattened():
            if interface.__name__ != "Interface":
                self.setComponent(interface, component)

    def unsetComponent(self, interfaceClass: InterfaceClass) -> None:
        """Forget the component registered for ``interfaceClass``."""
        del self._adapterCache[self._key(interfaceClass)]

    def removeComponent(self, component: Any) -> list[Any]:
        """Forget ``component`` under every interface; return the interfaces' keys."""
        keys = [k for k, c in self._adapterCache.items() if c is component]
        for key in keys:
            del self._adapterCache[key]
        return keys

    def getComponent(self, interface: InterfaceClass, default: Any = None) -> Any:
        """The component registered for ``interface``; else an adapter from the registry
        (kept as the component unless it is a ``temporaryAdapter``); else ``default``."""
        key = self._key(interface)
        if key in self._adapterCache:
            return self._adapterCache[key]
        adapter = interface.__adapt__(self)
        if adapter is None:
            return default
        if not getattr(adapter, "temporaryAdapter", False):
            self._adapterCache[key] = adapter
            if getattr(adapter, "multiComponent", False):
                self.addComponent(adapter)
        return adapter

    def __conform__(self, interface: InterfaceClass) -> Any:
        """Let ``interface(self)`` find the registered component."""
        return self.getComponent(interface)
