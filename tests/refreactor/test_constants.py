"""refreactor's constants (what Twisted takes from constantly): names, values, flags."""

import pytest
from refreactor.python._constants import (
    FlagConstant,
    Flags,
    NamedConstant,
    Names,
    ValueConstant,
    Values,
)


class Colour(Names):
    RED = NamedConstant()
    BLUE = NamedConstant()


class Status(Values):
    OK = ValueConstant(200)
    GONE = ValueConstant(410)


class Permission(Flags):
    READ = FlagConstant()
    WRITE = FlagConstant()
    EXECUTE = FlagConstant(16)
    AFTER = FlagConstant()


def test_names_are_ordered_and_looked_up():
    assert Colour.RED.name == "RED" and repr(Colour.BLUE) == "<Colour=BLUE>"
    assert Colour.RED < Colour.BLUE and list(Colour.iterconstants()) == [Colour.RED, Colour.BLUE]
    assert Colour.lookupByName("BLUE") is Colour.BLUE
    with pytest.raises(ValueError):
        Colour.lookupByName("GREEN")
    with pytest.raises(TypeError):
        Colour()


def test_values():
    assert Status.lookupByValue(410) is Status.GONE and Status.OK.value == 200
    with pytest.raises(ValueError):
        Status.lookupByValue(500)


def test_flags_number_and_combine():
    assert [(f.name, f.value) for f in Permission.iterconstants()] == [
        ("READ", 1), ("WRITE", 2), ("EXECUTE", 16), ("AFTER", 32)]
    both = Permission.READ | Permission.WRITE
    assert repr(both) == "<Permission={READ,WRITE}>" and both.value == 3
    assert Permission.READ in both and Permission.EXECUTE not in both
    assert sorted(f.name for f in ~both) == ["AFTER", "EXECUTE"]
    assert not (Permission.READ & Permission.WRITE)
    assert (Permission.READ ^ both) .name == "WRITE"


def test_a_constant_cannot_serve_two_classes():
    with pytest.raises(ValueError):
        class Again(Names):
            RED = Colour.RED
