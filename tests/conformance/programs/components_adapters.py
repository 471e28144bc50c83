"""twisted.python.components: registered adapters, Componentized, proxyForInterface."""

from twisted.python import components
from zope.interface import Attribute, Interface, implementer


class IName(Interface):
    def name():
        """The name."""


class IGreeting(Interface):
    def greet():
        """A greeting."""


class Person:
    def __init__(self, first):
        self.first = first


class PersonName(components.Adapter):
    def name(self):
        return self.original.first


@implementer(IGreeting)
class NameGreeting(components.Adapter):
    def greet(self):
        return "hello, " + IName(self.original).name()


components.registerAdapter(PersonName, Person, IName)
components.registerAdapter(NameGreeting, Person, IGreeting)
ada = Person("Ada")
print("adapted:", IName(ada).name(), "/", IGreeting(ada).greet())
print("factory:", components.getAdapterFactory(Person, IName, None) is PersonName)
print("no factory:", components.getAdapterFactory(Person, Interface, "none"))
try:
    components.registerAdapter(PersonName, Person, IName)
except ValueError:
    print("registered twice: ValueError")
try:
    IName(object())
except TypeError:
    print("cannot adapt: TypeError")
print("default:", IName(object(), "fallback"))


class Box(components.Componentized):
    pass


components.registerAdapter(lambda box: PersonName(Person("from the registry")), Box, IName)
box = Box()
first = IName(box)
print("componentized from the registry:", first.name(), "kept:", IName(box) is first)
box.setComponent(IGreeting, NameGreeting(Person("Bo")))
print("set component:", IGreeting(box).greet(), box.getComponent(IGreeting) is IGreeting(box))
box.unsetComponent(IGreeting)
print("after unset:", box.getComponent(IGreeting, "gone"))


class ILoud(Interface):
    def shout(text):
        """Shout."""

    volume = Attribute("How loud.")


class Speaker:
    volume = 3

    def shout(self, text):
        return text.upper() + "!"


class Quieter(components.proxyForInterface(ILoud, "speaker")):
    def shout(self, text):
        return "(" + self.speaker.shout(text).lower() + ")"


plain = components.proxyForInterface(ILoud)(Speaker())
print("proxy:", plain.shout("hi"), plain.volume, ILoud.providedBy(plain))
print("overridden:", Quieter(Speaker()).shout("hi"))
plain.volume = 5
print("set through the proxy:", plain.original.volume)
