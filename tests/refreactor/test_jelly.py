"""twisted.spread.jelly on refreactor: values and references round trip, and a taster
refuses what it was not told to allow, never importing a module an s-expression names."""

import datetime
import decimal
import sys
import warnings

import pytest
from refreactor.spread import jelly


class Plain:
    def __init__(self):
        self.a = 1
        self.items = [2, 3]


class WithState:
    def __init__(self, n):
        self.n = n

    def __getstate__(self):
        return {"n": self.n, "extra": "from getstate"}

    def __setstate__(self, state):
        self.restored = state


class Custom(jelly.Jellyable):
    def __init__(self):
        self.secret = "kept"
        self.shown = "sent"

    def getStateFor(self, jellier):
        return {"shown": self.shown}


class CustomCopy(jelly.Unjellyable):
    def setStateFor(self, unjellier, state):
        self.got = state


class Hooked:
    def postUnjelly(self):
        self.hooked = True


def strict():
    taster = jelly.SecurityOptions()
    taster.allowBasicTypes()
    return taster


@pytest.mark.parametrize("value", [
    0, -7, 2**200, 0.5, "na\u00efve", b"\x00bytes", None, True, False, [1, [2, []]],
    (1, ("a", ())), {"k": {"n": [1]}, 2: (3,)}, {1, 2}, frozenset({"f"}),
    decimal.Decimal("-3.1400"), decimal.Decimal("0"), datetime.datetime(2020, 5, 6, 7, 8, 9, 10),
    datetime.date(1999, 12, 31), datetime.time(23, 59), datetime.timedelta(-1, 5, 6),
])
def test_values_round_trip_through_a_strict_taster(value):
    back = jelly.unjelly(jelly.jelly(value), strict())
    assert back == value and type(back) is type(value)


def test_text_is_tagged_unicode_and_bools_boolean():
    assert jelly.jelly(["\u00e9", True, None]) == [
        b"list", [b"unicode", "\u00e9".encode()], [b"boolean", b"true"], [b"None"]]


def test_shared_and_cyclic_structures_keep_their_shape():
    inner = [1]
    outer = {"a": inner, "b": inner}
    outer["self"] = outer
    sexp = jelly.jelly(outer)
    assert sexp[0] == b"reference"
    back = jelly.unjelly(sexp, strict())
    assert back["a"] is back["b"] and back["self"] is back and back["a"] == [1]


def test_a_tuple_reached_again_through_its_own_elements():
    inner = []
    outer = (inner, "x")
    inner.append((outer, 1))
    back = jelly.unjelly(jelly.jelly(outer), strict())
    assert type(back) is tuple and back[1] == "x" and back[0][0][0] is back
    holder = {"t": None}
    pair = (holder, 2)
    holder["t"] = pair
    shared = jelly.unjelly(jelly.jelly([pair, pair]), strict())
    assert shared[0] is shared[1] and shared[0][0]["t"] is shared[0]


def test_a_cycle_through_a_set_element_is_refused():
    sexp = [b"reference", 1, [b"tuple", [b"set", [b"dereference", 1]]]]
    with pytest.raises(jelly.InsecureJelly):
        jelly.unjelly(sexp, strict())


def test_a_dereference_to_nothing_is_insecure():
    with pytest.raises(jelly.InsecureJelly):
        jelly.unjelly([b"list", [b"dereference", 7]], strict())
    with pytest.raises(jelly.InsecureJelly):
        jelly.unjelly([b"reference", 1, [b"reference", 1, [b"list"]]], strict())


def test_instances_with_the_permissive_default_and_their_getstate_and_setstate():
    back = jelly.unjelly(jelly.jelly(Plain()))
    assert type(back) is Plain and back.items == [2, 3]
    restored = jelly.unjelly(jelly.jelly(WithState(4)))
    assert restored.restored == {"n": 4, "extra": "from getstate"}


def test_a_strict_taster_refuses_an_unregistered_class_until_it_is_allowed():
    sexp = jelly.jelly(Plain())
    assert sexp[0] == f"{__name__}.Plain".encode()
    with pytest.raises(jelly.InsecureJelly):
        jelly.unjelly(sexp, strict())
    taster = strict()
    taster.allowInstancesOf(Plain)
    assert jelly.unjelly(sexp, taster).a == 1


def test_jellying_an_instance_the_taster_does_not_allow_gives_unpersistable():
    sexp = jelly.jelly(Plain(), jelly.SecurityOptions())
    assert sexp[0] == b"unpersistable"
    back = jelly.unjelly(sexp)
    assert isinstance(back, jelly.Unpersistable) and "deemed insecure" in back.reason


def test_jellyable_and_registered_unjellyable_classes():
    name = f"{__name__}.Custom"
    jelly.setUnjellyableForClass(name, CustomCopy)
    try:
        sexp = jelly.jelly(Custom())
        assert b"kept" not in repr(sexp).encode()
        back = jelly.unjelly(sexp, strict())
        assert type(back) is CustomCopy and back.got == {"shown": "sent"}
    finally:
        del jelly.unjellyableRegistry[name.encode()]


def test_factory_registration_and_post_unjelly_hooks():
    jelly.setUnjellyableFactoryForClass("my.thing", lambda state: ("made", state))
    try:
        assert jelly.unjelly([b"my.thing", [b"list", 1]], strict()) == ("made", [1])
    finally:
        del jelly.unjellyableFactoryRegistry[b"my.thing"]
    assert jelly.unjelly(jelly.jelly(Hooked())).hooked is True


def _canary(tmp_path, monkeypatch):
    """A module on the path whose import would leave a mark."""
    name = "jelly_import_canary"
    (tmp_path / f"{name}.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_suffix('.imported').touch()\n"
        "class Thing:\n    pass\ndef boom():\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(name, None)
    return name, tmp_path / f"{name}.imported"


@pytest.mark.parametrize("taster", [strict, jelly.DummySecurityOptions],
                         ids=["strict", "permissive"])
def test_no_named_module_is_ever_imported(taster, tmp_path, monkeypatch):
    name, mark = _canary(tmp_path, monkeypatch)
    before = set(sys.modules)
    warnings.simplefilter("ignore", DeprecationWarning)  # the old "instance" form warns
    for sexp in ([f"{name}.Thing".encode(), [b"dictionary"]], [b"module", name.encode()],
                 [b"class", f"{name}.Thing".encode()], [b"function", f"{name}.boom".encode()],
                 [b"instance", [b"class", f"{name}.Thing".encode()], [b"dictionary"]]):
        with pytest.raises(jelly.InsecureJelly):
            jelly.unjelly(sexp, taster())
    assert set(sys.modules) == before
    assert not mark.exists()


def test_a_strict_taster_refuses_modules_classes_functions_of_imported_modules_too():
    for sexp in ([b"module", b"os"], [b"class", b"subprocess.Popen"], [b"function", b"os.system"],
                 [b"os._wrap_close", [b"dictionary"]], [b"method", b"x", [b"None"], [b"None"]]):
        with pytest.raises(jelly.InsecureJelly):
            jelly.unjelly(sexp, strict())


def test_malformed_sexps_are_insecure_not_crashes():
    for sexp in ([], [1, 2], [b"dictionary", [1]], [b"boolean", b"maybe"], [b"unicode"]):
        with pytest.raises(jelly.InsecureJelly):
            jelly.unjelly(sexp, strict())


def test_security_options_bookkeeping():
    taster = jelly.SecurityOptions()
    assert not taster.isTypeAllowed("list") and taster.isTypeAllowed("unicode")
    assert taster.isTypeAllowed("any.dotted.Name")
    taster.allowModules(sys.modules[__name__])
    assert taster.isModuleAllowed(__name__) and not taster.isModuleAllowed("os")
    taster.allowTypes(Plain)
    assert taster.isTypeAllowed(f"{__name__}.Plain")
    assert not taster.isClassAllowed(Plain)


def test_refreactor_classes_are_named_as_twisted_names_them():
    from refreactor.spread.pb import CopyableFailure

    assert jelly.wireName(CopyableFailure) == b"twisted.spread.pb.CopyableFailure"
    assert b"twisted.spread.pb.CopyableFailure" in jelly.unjellyableRegistry
