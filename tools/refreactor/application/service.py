"""Services: named units that start and stop with the application, arranged in a tree."""

from __future__ import annotations

import importlib
from typing import Any

from zope.interface import Attribute, Interface, implementer

from refreactor.application._componentized import Componentized
from refreactor.internet import defer
from refreactor.persisted import sob
from refreactor.plugin import IPlugin


class IService(Interface):
    """A service: started when the application starts, stopped when it stops."""

    name = Attribute("The name of the service, or None.")
    running = Attribute("Whether the service is running.")
    parent = Attribute("The IServiceCollection this service belongs to, or None.")

    def setName(name):
        """Set the name; not allowed once the service has a parent."""

    def setServiceParent(parent):
        """Add this service to ``parent``, leaving its former parent."""

    def disownServiceParent():
        """Leave the parent; may return a Deferred (that of the parent's removeService)."""

    def privilegedStartService():
        """Do the start-up work that needs privileges (e.g. binding low ports)."""

    def startService():
        """Start the service."""

    def stopService():
        """Stop the service; may return a Deferred firing once it has stopped."""


class IServiceCollection(Interface):
    """A collection of services."""

    def getServiceNamed(serviceName):
        """Return the child service called ``serviceName`` (KeyError if none)."""

    def __iter__():
        """Iterate over the child services."""

    def addService(service):
        """Add a child service, starting it if the collection runs."""

    def removeService(service):
        """Remove a child service, stopping it if the collection runs."""


class IProcess(Interface):
    """The process-wide settings of an application."""

    processName = Attribute("The name the process should have, or None.")
    uid = Attribute("The user id to run as, or None.")
    gid = Attribute("The group id to run as, or None.")


class IServiceMaker(Interface):
    """Makes a service from command-line options: what ``twistd NAME`` runs (a plugin)."""

    tapname = Attribute("The short name of the plugin, the command of ``twistd NAME``.")
    description = Attribute("A one-line description of what the service does.")
    options = Attribute("A callable giving a usage.Options for the command's arguments.")

    def makeService(options):
        """The IService to run, made from the parsed ``options``."""


@implementer(IPlugin, IServiceMaker)
class ServiceMaker:
    """An IServiceMaker whose ``Options`` and ``makeService`` live in the module named
    ``module``, imported only when the plugin is used."""

    def __init__(self, name: str, module: str, description: str, tapname: str) -> None:
        """Name the plugin and the module that carries it out."""
        self.name = name
        self.module = module
        self.description = description
        self.tapname = tapname

    @property
    def options(self) -> Any:
        """The module's ``Options`` class."""
        return importlib.import_module(self.module).Options

    def makeService(self, options: Any) -> Any:
        """The module's ``makeService(options)``."""
        return importlib.import_module(self.module).makeService(options)


@implementer(IService)
class Service:
    """A service that does nothing but keep its name, parent and running flag."""

    name: str | None = None
    parent: Any = None
    running = 0  # Twisted's flag is 0/1, and programs print it

    def __getstate__(self) -> dict[str, Any]:
        """Return the state to pickle: a saved service is not running."""
        state = dict(self.__dict__)
        state.pop("running", None)
        return state

    def setName(self, name: str) -> None:
        """Set the name; a service inside a collection cannot be renamed."""
        if self.parent is not None:
            raise RuntimeError("cannot change name when parent exists")
        self.name = name

    def setServiceParent(self, parent: Any) -> None:
        """Add this service to ``parent`` (or ``IServiceCollection(parent)``)."""
        if self.parent is not None:
            self.disownServiceParent()
        parent = IServiceCollection(parent, parent)
        self.parent = parent
        self.parent.addService(self)

    def disownServiceParent(self) -> defer.Deferred | None:
        """Leave the parent collection."""
        result = self.parent.removeService(self)
        self.parent = None
        return result

    def privilegedStartService(self) -> None:
        """Do nothing: a plain service needs no privileges."""

    def startService(self) -> None:
        """Mark the service as running."""
        self.running = 1

    def stopService(self) -> defer.Deferred | None:
        """Mark the service as stopped."""
        self.running = 0
        return None


@implementer(IServiceCollection)
class MultiService(Service):
    """A service made of child services, started in order and stopped in reverse order."""

    def __init__(self) -> None:
        """Start with no children."""
        self.services: list[IService] = []
        self.namedServices: dict[str, IService] = {}
        self.parent = None

    def privilegedStartService(self) -> None:
        """Do every child's privileged start-up."""
        Service.privilegedStartService(self)
        for service in self:
            service.privilegedStartService()

    def startService(self) -> None:
        """Start every child, in the order they were added."""
        Service.startService(self)
        for service in self:
            service.startService()

    def stopService(self) -> defer.Deferred:
        """Stop every child in reverse order; the Deferred fires when all have stopped."""
        Service.stopService(self)
        stopping = [defer.maybeDeferred(service.stopService) for service in reversed(self.services)]
        return defer.DeferredList(stopping)

    def getServiceNamed(self, name: str) -> IService:
        """Return the child called ``name``."""
        return self.namedServices[name]

    def __iter__(self):
        """Iterate over the children in the order they were added."""
        return iter(self.services)

    def addService(self, service: IService) -> None:
        """Add a child, refusing a second child of the same name; start it if running."""
        if service.name is not None:
            if service.name in self.namedServices:
                raise RuntimeError(f"cannot have two services with same name '{service.name}'")
            self.namedServices[service.name] = service
        self.services.append(service)
        if self.running:
            service.privilegedStartService()
            service.startService()

    def removeService(self, service: IService) -> defer.Deferred | None:
        """Remove a child, stopping it (and returning its stop result) if running."""
        if service.name:
            del self.namedServices[service.name]
        self.services.remove(service)
        if self.running:
            return service.stopService()
        return None


@implementer(IProcess)
class Process:
    """The process settings of an application: user, group and process name."""

    processName: str | None = None

    def __init__(self, uid: int | None = None, gid: int | None = None) -> None:
        """Remember the user and group to run as."""
        self.uid = uid
        self.gid = gid


def Application(name: str, uid: int | None = None, gid: int | None = None) -> Componentized:
    """Return a new application: adapts to IService, IServiceCollection, IProcess, IPersistable."""
    app = Componentized()
    for component in (MultiService(), Process(uid, gid), sob.Persistent(app, name)):
        app.addComponent(component)
    IService(app).setName(name)
    return app


def loadApplication(filename: str, kind: str, passphrase: None = None) -> Any:
    """Load an application from a Python file (``kind="python"``) or a saved ``.tap``.

    A ``.tap`` is unpickled, which runs code: load only trusted files.
    """
    if passphrase is not None:
        raise ValueError("encrypted application files are not supported")
    if kind == "python":
        return sob.loadValueFromFile(filename, "application")
    return sob.load(filename, kind)
