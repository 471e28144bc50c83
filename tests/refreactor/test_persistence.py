"""Versioned upgrades and .tap persistence (refreactor.persisted.styles and .sob)."""

import os
import sys
import types

import pytest
from refreactor.persisted import sob, styles
from refreactor.python import log


@pytest.fixture
def module():
    """A throwaway importable module, so pickles can name classes that later change."""
    mod = types.ModuleType("refreactor_test_things")
    sys.modules[mod.__name__] = mod
    yield mod
    del sys.modules[mod.__name__]


@pytest.fixture
def logged():
    """The texts of the events logged during the test."""
    texts = []

    def observe(event):
        texts.append(log.textFromEventDict(event))

    log.addObserver(observe)
    yield texts
    log.removeObserver(observe)


def define(module, source):
    """Run class definitions inside ``module``, replacing the previous ones."""
    exec(source, module.__dict__)


V0 = """
class Thing:
    def __init__(self, length):
        self.length = length
"""

V1 = """
from refreactor.persisted.styles import Versioned
class Thing(Versioned):
    persistenceVersion = 1
    def __init__(self, length, units):
        self.length = "%d %s" % (length, units)
    def upgradeToVersion1(self):
        self.length = "%d inches" % self.length
"""

V3 = V1.replace("persistenceVersion = 1", "persistenceVersion = 3") + """
    def upgradeToVersion2(self):
        length, units = self.length.split()
        self.length = (int(length), units)
    def upgradeToVersion3(self):
        self.size = [self.length]
        del self.length
        self.name = "line"
"""


def roundTrip(obj, module, newSource, tmp_path):
    """Save ``obj`` to a .tap, redefine its class with ``newSource``, load the .tap again."""
    path = str(tmp_path / "thing.tap")
    sob.Persistent(obj, "thing").save(filename=path)
    define(module, newSource)
    return sob.load(path, "pickle")


def test_object_two_versions_behind_is_upgraded_in_order(module, tmp_path, logged):
    define(module, V1)
    loaded = roundTrip(module.Thing(5, "inches"), module, V3, tmp_path)
    assert type(loaded) is module.Thing
    assert loaded.__dict__ == {"size": [(5, "inches")], "name": "line"}
    upgrades = [t for t in logged if t.startswith("Upgrading")]
    assert [u.rsplit(" ", 1)[1] for u in upgrades] == ["2", "3"]


def test_plain_object_counts_as_version_zero(module, tmp_path):
    define(module, V0)
    loaded = roundTrip(module.Thing(7), module, V3, tmp_path)
    assert loaded.__dict__ == {"size": [(7, "inches")], "name": "line"}


def test_current_object_is_not_upgraded(module, tmp_path, logged):
    define(module, V3)
    thing = module.Thing(1, "m")
    thing.upgradeToVersion2()
    thing.upgradeToVersion3()
    loaded = roundTrip(thing, module, V3, tmp_path)
    assert loaded.__dict__ == {"size": [(1, "m")], "name": "line"}
    assert not [t for t in logged if t.startswith("Upgrading")]


def test_base_classes_upgrade_before_subclasses(module, tmp_path):
    define(module, """
from refreactor.persisted.styles import Versioned
calls = []
class Base(Versioned):
    persistenceVersion = 1
class Sub(Base):
    persistenceVersion = 1
""")
    path = str(tmp_path / "x.tap")
    sob.Persistent(module.Sub(), "x").save(filename=path)
    define(module, """
from refreactor.persisted.styles import Versioned
calls = []
class Base(Versioned):
    persistenceVersion = 2
    def upgradeToVersion2(self):
        calls.append("Base.2")
class Sub(Base):
    persistenceVersion = 3
    def upgradeToVersion2(self):
        calls.append("Sub.2")
    def upgradeToVersion3(self):
        calls.append("Sub.3")
""")
    sob.load(path, "pickle")
    assert module.calls == ["Base.2", "Sub.2", "Sub.3"]


def test_missing_upgrade_method_is_logged(module, tmp_path, logged):
    define(module, V1)
    roundTrip(module.Thing(1, "m"), module, V1.replace("= 1", "= 2"), tmp_path)
    assert any("cannot upgrade" in t and "version 2" in t for t in logged)


def test_newer_data_than_code_is_refused(module, tmp_path):
    define(module, V3)
    with pytest.raises(ValueError, match="newer"):
        roundTrip(module.Thing(1, "m"), module, V1, tmp_path)


def test_forgotten_attributes_are_not_saved(module, tmp_path):
    define(module, V1 + "    persistenceForgets = ('cache',)\n")
    thing = module.Thing(1, "m")
    thing.cache = object()
    loaded = roundTrip(thing, module, V1, tmp_path)
    assert not hasattr(loaded, "cache")


def test_ephemeral_is_not_persisted(tmp_path):
    class Secret(styles.Ephemeral):
        pass

    path = str(tmp_path / "e.tap")
    sob.Persistent({"e": Secret()}, "e").save(filename=path)
    assert type(sob.load(path, "pickle")["e"]) is styles.Ephemeral


def test_save_names_and_atomicity(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    persistent = sob.Persistent({"a": 1}, "app")
    persistent.save()
    persistent.save("shutdown")
    assert sorted(os.listdir(tmp_path)) == ["app-shutdown.tap", "app.tap"]
    assert sob.load("app-shutdown.tap", "pickle") == {"a": 1}


@pytest.mark.parametrize("content", [b"", b"not a pickle at all\n", b"\x80\x05\x95garbage"])
def test_load_refuses_a_file_that_is_not_a_tap(tmp_path, content):
    path = tmp_path / "bad.tap"
    path.write_bytes(content)
    with pytest.raises(sob.TapFileError, match="is not a valid .tap file"):
        sob.load(str(path), "pickle")


def test_unsupported_style_is_refused():
    with pytest.raises(ValueError, match="unsupported persistence style"):
        sob.Persistent(1, "x").setStyle("source")


def test_guess_type_and_load_value_from_file(tmp_path):
    assert [sob.guessType(n) for n in ("a.tac", "a.py", "a.tap", "a.tas")] == [
        "python", "python", "pickle", "source"]
    source = tmp_path / "conf.py"
    source.write_text("application = [__file__, 6 * 7]\n")
    assert sob.loadValueFromFile(str(source), "application") == [str(source), 42]
