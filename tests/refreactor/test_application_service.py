"""refreactor.application.service: the service tree and the Application object."""

import pytest
from refreactor.application import service
from refreactor.internet import defer
from refreactor.persisted import sob
from zope.interface.verify import verifyObject


class Recorder(service.Service):
    """A service that records its start and stop calls in a shared log."""

    def __init__(self, name, events):
        self.setName(name)
        self.events = events

    def privilegedStartService(self):
        self.events.append(("privileged", self.name))

    def startService(self):
        service.Service.startService(self)
        self.events.append(("start", self.name))

    def stopService(self):
        service.Service.stopService(self)
        self.events.append(("stop", self.name))


def test_interfaces_are_provided():
    assert verifyObject(service.IService, service.Service())
    multi = service.MultiService()
    assert verifyObject(service.IService, multi)
    assert verifyObject(service.IServiceCollection, multi)
    assert verifyObject(service.IProcess, service.Process())


def test_children_start_in_order_and_stop_in_reverse():
    events = []
    parent = service.MultiService()
    for name in "abc":
        Recorder(name, events).setServiceParent(parent)
    parent.privilegedStartService()
    parent.startService()
    results = []
    parent.stopService().addCallback(results.append)
    assert events == [("privileged", n) for n in "abc"] + [("start", n) for n in "abc"] + [
        ("stop", n) for n in "cba"]
    assert len(results) == 1 and [ok for ok, _ in results[0]] == [True] * 3


def test_stop_waits_for_deferred_children():
    parent = service.MultiService()
    slow = service.Service()
    pending = defer.Deferred()
    slow.stopService = lambda: pending
    slow.setServiceParent(parent)
    parent.startService()
    done = []
    parent.stopService().addCallback(done.append)
    assert done == []
    pending.callback("stopped")
    assert done == [[(True, "stopped")]]


def test_adding_to_a_running_collection_starts_the_child():
    events = []
    parent = service.MultiService()
    parent.startService()
    child = Recorder("late", events)
    child.setServiceParent(parent)
    assert child.running and events == [("privileged", "late"), ("start", "late")]
    child.disownServiceParent()
    assert not child.running and child.parent is None
    assert list(parent) == []


def test_names_are_unique_and_fixed_once_parented():
    parent = service.MultiService()
    a = service.Service()
    a.setName("x")
    a.setServiceParent(parent)
    assert parent.getServiceNamed("x") is a
    b = service.Service()
    b.setName("x")
    with pytest.raises(RuntimeError, match="same name"):
        b.setServiceParent(parent)
    with pytest.raises(RuntimeError):
        a.setName("y")


def test_application_adapts_to_its_components():
    app = service.Application("demo", uid=1000, gid=1000)
    assert service.IService(app).name == "demo"
    assert service.IServiceCollection(app) is service.IService(app)
    assert service.IProcess(app).uid == 1000
    assert sob.IPersistable(app).name == "demo"
    child = service.Service()
    child.setServiceParent(app)
    assert list(service.IServiceCollection(app)) == [child]


def test_running_flag_is_not_saved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = service.Application("saved")
    child = service.Service()
    child.setName("child")
    child.setServiceParent(app)
    service.IService(app).startService()
    sob.IPersistable(app).save("shutdown")
    filename = "saved-shutdown.tap"
    loaded = service.loadApplication(filename, "pickle")
    root = service.IService(loaded)
    assert root.name == "saved" and not root.running
    assert not root.getServiceNamed("child").running
    assert root.getServiceNamed("child").parent is root


def test_load_application_from_python(tmp_path):
    tac = tmp_path / "app.tac"
    tac.write_text(
        "from refreactor.application import service\n"
        "application = service.Application('fromtac')\n"
    )
    assert service.IService(service.loadApplication(str(tac), "python")).name == "fromtac"
