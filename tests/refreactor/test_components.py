"""twisted.python.components on refreactor: the adapter registry, Componentized, proxies."""

import pytest
from refreactor.python import components
from zope.interface import Interface, implementer


class IColour(Interface):
    def colour():
        """The colour."""


class ISize(Interface):
    def size():
        """The size."""


class Thing:
    pass


class Colour(components.Adapter):
    def colour(self):
        return "red"


class TemporarySize(components.Adapter):
    temporaryAdapter = 1

    def size(self):
        return 3


components.registerAdapter(Colour, Thing, IColour)


class Bag(components.Componentized):
    pass


components.registerAdapter(TemporarySize, Bag, ISize)
components.registerAdapter(Colour, Bag, IColour)


def test_registered_adapters_adapt_instances():
    assert IColour(Thing()).colour() == "red"
    assert components.getAdapterFactory(Thing, IColour, None) is Colour
    assert components.getAdapterFactory(Thing, ISize, "none") == "none"
    with pytest.raises(ValueError):
        components.registerAdapter(Colour, Thing, IColour)
    with pytest.raises(TypeError):
        ISize(Thing())


def test_componentized_keeps_adapters_unless_temporary():
    bag = Bag()
    assert IColour(bag) is IColour(bag)
    assert ISize(bag) is not ISize(bag) and ISize(bag).size() == 3
    bag.unsetComponent(IColour)
    assert bag.getComponent(IColour) is not None  # Adapted again from the registry.


def test_adapter_to_an_interface_provided_by_the_original():
    @implementer(ISize)
    class Sized:
        def size(self):
            return 9

    assert ISize(Sized()).size() == 9


def test_proxy_passes_the_interface_on():
    @implementer(IColour)
    class Blue:
        def colour(self):
            return "blue"

    Proxy = components.proxyForInterface(IColour, "wrapped")
    proxy = Proxy(Blue())
    assert proxy.colour() == "blue" and IColour.providedBy(proxy)
    assert Proxy.colour(proxy) == "blue"
    assert "Proxy for" in Proxy.__name__
