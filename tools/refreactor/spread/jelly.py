"""Jelly, mirroring ``twisted.spread.jelly``: objects as s-expressions of lists, bytes,
ints and floats, for banana to carry.

``jelly(obj)`` writes ``["list", ...]``, ``["tuple", ...]``, ``["dictionary", [k, v], ...]``,
``["unicode", utf8]``, ``["None"]``, ``["boolean", b"true"]`` and so on; an object met twice
becomes ``["reference", n, exp]`` then ``["dereference", n]``; an instance is its class's
name followed by its state. ``unjelly`` reads these back, asking a ``SecurityOptions``
(the taster) which type names, modules and classes it may build.

Unlike Twisted, ``unjelly`` never imports a module: a name resolves only to a class
registered with ``setUnjellyableForClass`` or allowed with ``allowInstancesOf``, or to a
module the program has imported itself. A peer cannot make it import code by naming it.
"""

import datetime
import decimal
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from refreactor.spread.interfaces import IJellyable, IUnjellyable

None_atom = b"None"
class_atom = b"class"
module_atom = b"module"
function_atom = b"function"
dereference_atom = b"dereference"
persistent_atom = b"persistent"
reference_atom = b"reference"
dictionary_atom = b"dictionary"
list_atom = b"list"
set_atom = b"set"
tuple_atom = b"tuple"
frozenset_atom = b"frozenset"
unpersistable_atom = b"unpersistable"



def __getattr__(name: str) -> Any:
    """``instance_atom`` is still there, deprecated (as in Twisted 15.0.0)."""
    if name == "instance_atom":
        warnings.warn("twisted.spread.jelly.instance_atom was deprecated in Twisted 15.0.0: "
                      "instance_atom is unused within Twisted.", DeprecationWarning, stacklevel=2)
        return b"instance"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


unjellyableRegistry: dict[bytes, Any] = {}
unjellyableFactoryRegistry: dict[bytes, Callable[..., Any]] = {}


class InsecureJelly(Exception):
    """The s-expression names a type, module or class that may not be built."""


def wireName(cls: type) -> bytes:
    """A class's name on the wire: its qualified name, ``refreactor.*`` spelled
    ``twisted.*`` so that both implementations name their classes alike."""
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name.startswith("refreactor."):
        name = "twisted." + name[len("refreactor."):]
    return name.encode("utf-8")


def _typeName(name: Any) -> bytes:
    if isinstance(name, type):
        return wireName(name)
    return name if isinstance(name, bytes) else name.encode("utf-8")


def _moduleName(module: Any) -> bytes:
    if isinstance(module, types.ModuleType):
        module = module.__name__
    name = module if isinstance(module, bytes) else module.encode("utf-8")
    return b"twisted." + name[len(b"refreactor."):] if name.startswith(b"refreactor.") else name


def setUnjellyableForClass(classname: Any, unjellyable: Any) -> None:
    """Build ``unjellyable`` (a class, or a function of (unjellier, sexp)) for objects
    jellied under ``classname`` (a name or a class), and allow that name."""
    name = _typeName(classname)
    unjellyableRegistry[name] = unjellyable
    globalSecurity.allowTypes(name)


def setUnjellyableFactoryForClass(classname: Any, copyFactory: Callable[..., Any]) -> None:
    """Build objects jellied under ``classname`` as ``copyFactory(state)``, and allow it."""
    name = _typeName(classname)
    unjellyableFactoryRegistry[name] = copyFactory
    globalSecurity.allowTypes(name)


def setUnjellyableForClassTree(module: Any, baseClass: type, prefix: str | None = None) -> None:
    """Register every subclass of ``baseClass`` found in ``module``, as ``prefix.Name``."""
    prefix = module.__name__ if prefix is None else prefix
    for name in dir(module):
        candidate = getattr(module, name)
        if isinstance(candidate, type) and issubclass(candidate, baseClass):
            setUnjellyableForClass(f"{prefix}.{name}" if prefix else name, candidate)


def _createBlank(cls: type) -> Any:
    """An instance of ``cls`` whose ``__init__`` has not run."""
    return cls.__new__(cls)


def _newInstance(cls: type, state: Any) -> Any:
    """An instance of ``cls`` with ``state`` (via ``__setstate__`` if it has one)."""
    instance = _createBlank(cls)
    _setState(instance, state)
    return instance


def _setState(instance: Any, state: Any) -> None:
    setter = getattr(instance, "__setstate__", None)
    if setter is not None and not isinstance(instance, type):
        try:
            setter(state)
            return
        except TypeError:
            if not isinstance(state, dict):
                raise
    if isinstance(state, dict):
        if all(type(k) is str for k in state):
            instance.__dict__ = state  # the same dict: a pending reference in it still lands
        else:
            instance.__dict__ = {_text(k): v for k, v in state.items()}


def _text(key: Any) -> Any:
    """``key`` as text if it is UTF-8 bytes (names and dictionary keys from the wire)."""
    return key.decode("utf-8") if isinstance(key, bytes) else key


def _stateOf(inst: Any) -> Any:
    getter = getattr(type(inst), "__getstate__", None)
    if getter is not None and getter is not getattr(object, "__getstate__", None):
        return inst.__getstate__()
    return inst.__dict__


def getInstanceState(inst: Any, jellier: "_Jellier") -> list[Any]:
    """The s-expression of an instance: its class name and its jellied state."""
    sxp = jellier.prepare(inst)
    sxp.extend([wireName(type(inst)), jellier.jelly(_stateOf(inst))])
    return jellier.preserve(inst, sxp)


def setInstanceState(inst: Any, unjellier: "_Unjellier", jellyList: list[Any]) -> Any:
    """Fill ``inst`` with the state in ``jellyList``; return it."""
    _setState(inst, unjellier.unjelly(jellyList[1]))
    return inst


class Unpersistable:
    """Stands for something that could not be jellied, with the reason."""

    def __init__(self, reason: Any) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unpersistable({self.reason!r})"


@implementer(IJellyable)
class Jellyable:
    """An object jellied as its class name and ``getStateFor``'s state."""

    def getStateFor(self, jellier: "_Jellier") -> Any:
        """The state to send (default: the instance's dict)."""
        return self.__dict__

    def jellyFor(self, jellier: "_Jellier") -> Any:
        """The s-expression of this object."""
        sxp = jellier.prepare(self)
        sxp.extend([wireName(type(self)), jellier.jelly(self.getStateFor(jellier))])
        return jellier.preserve(self, sxp)


@implementer(IUnjellyable)
class Unjellyable:
    """An object filled from jelly with ``setStateFor``."""

    def setStateFor(self, unjellier: "_Unjellier", state: Any) -> None:
        """Take the state received (default: as the instance's dict)."""
        self.__dict__ = state

    def unjellyFor(self, unjellier: "_Unjellier", jellyList: list[Any]) -> Any:
        """Fill this object from ``jellyList``; return it."""
        self.setStateFor(unjellier, unjellier.unjelly(jellyList[1]))
        return self


def _joined(values: tuple[int, ...]) -> bytes:
    return " ".join(str(v) for v in values).encode("utf-8")


class _Jellier:
    """Turns one object graph into an s-expression, sharing what appears twice."""

    def __init__(self, taster: Any, persistentStore: Any, invoker: Any) -> None:
        self.taster = taster
        self.persistentStore = persistentStore
        self.invoker = invoker
        # id -> the list standing for the object (filled in place once done).
        self._slots: dict[int, list[Any]] = {}
        self._derefs: dict[int, list[Any]] = {}
        self._alive: list[Any] = []  # keeps ids unique while jellying
        self._nextRef = 1
        self._allowedKinds: dict[type, bool] = {}  # the taster's answers, per type

    def prepare(self, obj: Any) -> list[Any]:
        """Start the expression of a shareable ``obj``: a fresh list to extend."""
        self._slots[id(obj)] = []
        self._alive.append(obj)
        return []

    def preserve(self, obj: Any, sxp: list[Any]) -> list[Any]:
        """Finish ``obj``'s expression; if it was met again meanwhile, the reference form."""
        slot = self._slots[id(obj)]
        if id(obj) in self._derefs:
            slot[2] = sxp
            return slot
        self._slots[id(obj)] = sxp
        return sxp

    def _sharedRef(self, obj: Any) -> list[Any] | None:
        """``["dereference", n]`` if ``obj`` was met before (making the first a reference)."""
        key = id(obj)
        if key in self._derefs:
            return self._derefs[key]
        slot = self._slots.get(key)
        if slot is None:
            return None
        refid = self._nextRef
        self._nextRef += 1
        slot[:] = [reference_atom, refid, list(slot)]
        self._derefs[key] = deref = [dereference_atom, refid]
        return deref

    def jelly(self, obj: Any) -> Any:
        """The s-expression of ``obj``; InsecureJelly if the taster refuses its type."""
        kind = type(obj)
        if kind is bytes or kind is int or kind is float:
            return obj
        if kind is str:
            return [b"unicode", obj.encode("utf-8")]
        if isinstance(obj, Jellyable):
            return self._sharedRef(obj) or obj.jellyFor(self)
        allowed = self._allowedKinds.get(kind)
        if allowed is None:
            allowed = self._allowedKinds[kind] = bool(self.taster.isTypeAllowed(wireName(kind)))
        if not allowed:
            raise InsecureJelly(f"Type not allowed for object: {kind} {obj}")
        atom = _CONTAINER_ATOMS.get(kind)
        if atom is None:
            simple = self._simple(obj, kind)
            if simple is not None:
                return simple
        shared = self._sharedRef(obj)
        if shared is not None:
            return shared
        sxp = self.prepare(obj)
        jellied = self.jelly
        if atom is dictionary_atom:
            sxp.append(atom)
            sxp.extend([[jellied(k), jellied(v)] for k, v in obj.items()])
        elif atom is not None:
            sxp.append(atom)
            sxp.extend([jellied(item) for item in obj])
        else:
            self._instance(obj, sxp)
        return self.preserve(obj, sxp)

    def _simple(self, obj: Any, kind: type) -> Any:
        """The expression of an unshared value (None, bool, a date, a class...), else None."""
        if obj is None:
            return [None_atom]
        if kind is bool:
            return [b"boolean", b"true" if obj else b"false"]
        if isinstance(obj, int) and kind is not bool:
            return int(obj)
        if kind is datetime.datetime:
            _refuseTimezone(obj)
            return [b"datetime", _joined((obj.year, obj.month, obj.day, obj.hour, obj.minute,
                                           obj.second, obj.microsecond))]
        if kind is datetime.time:
            _refuseTimezone(obj)
            return [b"time", _joined((obj.hour, obj.minute, obj.second, obj.microsecond))]
        if kind is datetime.date:
            return [b"date", _joined((obj.year, obj.month, obj.day))]
        if kind is datetime.timedelta:
            return [b"timedelta", _joined((obj.days, obj.seconds, obj.microseconds))]
        if kind is decimal.Decimal:
            return self.jelly_decimal(obj)
        if isinstance(obj, types.MethodType):
            return [b"method", obj.__func__.__name__, self.jelly(obj.__self__),
                    self.jelly(type(obj.__self__))]
        if isinstance(obj, types.FunctionType):
            return [function_atom, f"{obj.__module__}.{obj.__qualname__}"]
        if isinstance(obj, types.ModuleType):
            return [module_atom, obj.__name__]
        if isinstance(obj, type):
            return [class_atom, wireName(obj)]
        return None

    def _instance(self, obj: Any, sxp: list[Any]) -> None:
        persistent = self.persistentStore(obj, self) if self.persistentStore else None
        if persistent is not None:
            sxp.extend([persistent_atom, persistent])
        elif self.taster.isClassAllowed(type(obj)):
            sxp.extend([wireName(type(obj)), self.jelly(_stateOf(obj))])
        else:
            self.unpersistable(f"instance of class {wireName(type(obj)).decode()} deemed "
                               "insecure", sxp)

    def jelly_decimal(self, d: decimal.Decimal) -> list[Any]:
        """``["decimal", digits as an int, exponent]``."""
        sign, digits, exponent = d.as_tuple()
        value = int("".join(map(str, digits)) or "0")
        return [b"decimal", -value if sign else value, exponent]

    def unpersistable(self, reason: Any, sxp: list[Any] | None = None) -> list[Any]:
        """Append ``["unpersistable", reason]`` to ``sxp`` (or a new list)."""
        sxp = [] if sxp is None else sxp
        sxp.extend([unpersistable_atom, reason.encode("utf-8") if isinstance(reason, str)
                    else reason])
        return sxp


_PLAIN_TYPES = frozenset({list, tuple, dict, set, frozenset, str, bytes, int, float, bool,
                          type(None)})
_CONTAINER_ATOMS = {list: list_atom, tuple: tuple_atom, dict: dictionary_atom, set: set_atom,
                    frozenset: frozenset_atom}


def _refuseTimezone(value: Any) -> None:
    if value.tzinfo:
        raise NotImplementedError("Currently can't jelly datetime objects with tzinfo")


class _Pending:
    """A value not built yet (a tuple an element of which refers back to it): the
    containers holding it are filled in once it is."""

    def __init__(self) -> None:
        self.dependants: list[tuple[Any, Any]] = []
        self.resolved = False
        self.value: Any = None

    def addDependant(self, container: Any, key: Any) -> None:
        """Set ``container[key]`` to the value once it is known."""
        if self.resolved:
            container[key] = self.value
        else:
            self.dependants.append((container, key))

    def resolve(self, value: Any) -> None:
        """The value is known: fill in every container waiting for it."""
        self.resolved, self.value = True, value
        for container, key in self.dependants:
            container[key] = value
        self.dependants = []


class _TupleDraft(_Pending):
    """A tuple some elements of which are pending: it resolves when the last one lands."""

    def __init__(self, items: list[Any], missing: int) -> None:
        super().__init__()
        self.items = items
        self.missing = missing

    def __setitem__(self, index: int, value: Any) -> None:
        self.items[index] = value
        self.missing -= 1
        if not self.missing:
            self.resolve(tuple(self.items))


class _Forward:
    """A container that passes what it is given on to another pending value."""

    def __init__(self, pending: _Pending) -> None:
        self.pending = pending

    def __setitem__(self, key: Any, value: Any) -> None:
        self.pending.resolve(value)


def _known(value: Any) -> Any:
    """``value``, which must be built already (a set element, a dictionary key)."""
    if isinstance(value, _Pending):
        raise InsecureJelly("a reference cycle through a set element or dictionary key")
    return value


def _scalar(handler: Callable[..., Any]) -> Callable[..., Any]:
    """A handler of a leaf value: a malformed one is InsecureJelly, not a crash."""

    def checked(unjellier: Any, rest: list[Any], refid: Any) -> Any:
        try:
            return handler(unjellier, rest, refid)
        except (ValueError, TypeError, AttributeError, OverflowError) as e:
            raise InsecureJelly(f"malformed {handler.__name__[1:]}: {rest!r:.80}") from e

    return checked


class _Unjellier:
    """Builds objects back from one s-expression, as far as the taster allows."""

    def __init__(self, taster: Any, persistentLoad: Any, invoker: Any) -> None:
        self.taster = taster
        self.persistentLoad = persistentLoad
        self.invoker = invoker
        self.references: dict[Any, Any] = {}
        self.postCallbacks: list[Callable[[], Any]] = []
        self._pendingRef: Any = None
        self._allowedAtoms: dict[bytes, bool] = {}  # the taster's answers, per atom

    def unjellyFull(self, obj: Any) -> Any:
        """Unjelly ``obj``, then call the objects' ``postUnjelly`` hooks."""
        result = self.unjelly(obj)
        if isinstance(result, _Pending):
            if not result.resolved:
                raise InsecureJelly("a reference that never resolves")
            result = result.value
        for hook in self.postCallbacks:
            hook()
        return result

    def unjelly(self, obj: Any) -> Any:
        """The object ``obj`` stands for; InsecureJelly for what the taster refuses."""
        if type(obj) is not list:
            return obj
        if not obj or not isinstance(obj[0], (bytes, str)):
            raise InsecureJelly(f"not an s-expression: {obj!r:.80}")
        refid, self._pendingRef = self._pendingRef, None
        atom = obj[0] if isinstance(obj[0], bytes) else obj[0].encode("utf-8")
        allowed = self._allowedAtoms.get(atom)
        if allowed is None:
            allowed = self._allowedAtoms[atom] = bool(self.taster.isTypeAllowed(atom))
        if not allowed:
            raise InsecureJelly(atom)
        result = self._build(atom, obj, refid)
        self._remember(refid, result)
        if type(result) not in _PLAIN_TYPES and hasattr(result, "postUnjelly"):
            self.postCallbacks.append(result.postUnjelly)
        return result

    def _remember(self, refid: Any, value: Any) -> None:
        if refid is not None:
            self.references[refid] = value

    def _build(self, atom: bytes, obj: list[Any], refid: Any) -> Any:
        registered = unjellyableRegistry.get(atom)
        if registered is not None:
            if isinstance(registered, type):
                blank = _createBlank(registered)
                self._remember(refid, blank)
                return blank.unjellyFor(self, obj)
            return registered(self, obj)
        factory = unjellyableFactoryRegistry.get(atom)
        if factory is not None:
            return factory(self.unjelly(obj[1]))
        handler = _HANDLERS.get(atom)
        if handler is not None:
            if len(obj) <= _ARITY.get(atom, 0):
                raise InsecureJelly(f"{atom.decode()} needs {_ARITY[atom]} argument(s)")
            return handler(self, obj[1:], refid)
        return self._instance(atom.decode("utf-8", "replace"), obj, refid)

    def _instance(self, name: str, obj: list[Any], refid: Any) -> Any:
        cls = self._allowedClass(name)
        if len(obj) < 2:
            raise InsecureJelly(f"instance of {name} without a state")
        instance = _createBlank(cls)
        self._remember(refid, instance)
        _setState(instance, self.unjelly(obj[1]))
        return instance

    def _allowedClass(self, name: str) -> type:
        """The class ``name`` names, if the taster allows it; never imports anything."""
        moduleName = name.rpartition(".")[0]
        if not self.taster.isModuleAllowed(moduleName):
            raise InsecureJelly(f"Module {moduleName} not allowed (in type {name}).")
        cls = _lookup(name, getattr(self.taster, "allowedClasses", {}))
        if not isinstance(cls, type):
            raise InsecureJelly(f"{name} is not a class")
        if not self.taster.isClassAllowed(cls):
            raise InsecureJelly(f"Class {name} not allowed.")
        return cls

    def _module(self, rest: list[Any], refid: Any) -> Any:
        name = _text(rest[0]) if rest else None
        if not isinstance(name, str):
            raise InsecureJelly("Attempted to unjelly a module with a non-string name.")
        if not self.taster.isModuleAllowed(name):
            raise InsecureJelly(f"Attempted to unjelly module named {name!r}")
        module = _importedModule(name)
        if module is None:
            raise InsecureJelly(f"module {name} is not imported (jelly never imports)")
        return module

    def _class(self, rest: list[Any], refid: Any) -> Any:
        return self._allowedClass(_text(rest[0]))

    def _function(self, rest: list[Any], refid: Any) -> Any:
        name = _text(rest[0])
        moduleName = name.rpartition(".")[0]
        if not self.taster.isModuleAllowed(moduleName):
            raise InsecureJelly(f"Module not allowed: {moduleName}")
        function = _lookup(name, {})
        if not callable(function):
            raise InsecureJelly(f"{name} is not a function")
        return function

    def _instanceAtom(self, rest: list[Any], refid: Any) -> Any:
        """The old ``["instance", ["class", name], state]`` form (deprecated, as in Twisted)."""
        warnings.warn_explicit(
            "Unjelly support for the instance atom is deprecated since Twisted 15.0.0.  "
            "Upgrade peer for modern instance support.",
            category=DeprecationWarning, filename="", lineno=0)
        cls = self.unjelly(rest[0])
        if not isinstance(cls, type):
            raise InsecureJelly("instance of something that is not a class")
        instance = _createBlank(cls)
        self._remember(refid, instance)
        _setState(instance, self.unjelly(rest[1]))
        return instance

    def _method(self, rest: list[Any], refid: Any) -> Any:
        name = _text(rest[0])
        instance = self.unjelly(rest[1])
        cls = self.unjelly(rest[2])
        if not isinstance(cls, type):
            raise InsecureJelly("Method found with non-class class.")
        if name not in cls.__dict__:
            raise TypeError("instance method changed")
        if instance is None:
            return getattr(cls, name)
        return types.MethodType(cls.__dict__[name], instance)

    def _reference(self, rest: list[Any], refid: Any) -> Any:
        newRef = rest[0]
        if refid is not None or newRef in self.references:
            raise InsecureJelly(f"Multiple references with same ID: {newRef!r}")
        self._pendingRef = newRef
        return self.unjelly(rest[1])

    def _dereference(self, rest: list[Any], refid: Any) -> Any:
        try:
            value = self.references[rest[0]]
        except (KeyError, TypeError):
            raise InsecureJelly(f"dereference of an unknown (or not yet built) reference "
                                f"{rest[0]!r}") from None
        return value.value if isinstance(value, _Pending) and value.resolved else value

    def _list(self, rest: list[Any], refid: Any) -> list[Any]:
        result: list[Any] = []
        self._remember(refid, result)
        for index, item in enumerate(rest):
            value = self.unjelly(item)
            result.append(value)
            if isinstance(value, _Pending):
                value.addDependant(result, index)
        return result

    def _tuple(self, rest: list[Any], refid: Any) -> Any:
        """A tuple; while an element refers back to a tuple still being built, a _Pending
        that becomes the tuple once that element is known."""
        placeholder = None
        if refid is not None:
            placeholder = self.references[refid] = _Pending()
        items = [self.unjelly(item) for item in rest]
        missing = [(index, v) for index, v in enumerate(items) if isinstance(v, _Pending)]
        if not missing:
            value: Any = tuple(items)
        else:
            value = _TupleDraft(items, len(missing))
            for index, pending in missing:
                pending.addDependant(value, index)
        if placeholder is not None:
            if isinstance(value, _Pending):
                value.addDependant(_Forward(placeholder), None)
            else:
                placeholder.resolve(value)
        return value

    def _dictionary(self, rest: list[Any], refid: Any) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        self._remember(refid, result)
        for pair in rest:
            if type(pair) is not list or len(pair) != 2:
                raise InsecureJelly("a dictionary item is not a [key, value] pair")
            key = _known(self.unjelly(pair[0]))
            value = result[key] = self.unjelly(pair[1])
            if isinstance(value, _Pending):
                value.addDependant(result, key)
        return result

    def _set(self, rest: list[Any], refid: Any) -> set[Any]:
        result: set[Any] = set()
        self._remember(refid, result)
        result.update(_known(self.unjelly(item)) for item in rest)
        return result

    def _frozenset(self, rest: list[Any], refid: Any) -> frozenset[Any]:
        return frozenset(_known(self.unjelly(item)) for item in rest)

    @_scalar
    def _unicode(self, rest: list[Any], refid: Any) -> str:
        return rest[0].decode("utf-8") if isinstance(rest[0], bytes) else str(rest[0])

    def _none(self, rest: list[Any], refid: Any) -> None:
        return None

    @_scalar
    def _boolean(self, rest: list[Any], refid: Any) -> bool:
        if rest[0] not in (b"true", b"false"):
            raise InsecureJelly(f"not a boolean: {rest[0]!r}")
        return rest[0] == b"true"

    @_scalar
    def _decimal(self, rest: list[Any], refid: Any) -> decimal.Decimal:
        value, exponent = rest[0], rest[1]
        return decimal.Decimal((int(value < 0), tuple(map(int, str(abs(value)))), exponent))

    @_scalar
    def _datetime(self, rest: list[Any], refid: Any) -> datetime.datetime:
        return datetime.datetime(*map(int, rest[0].split()))

    @_scalar
    def _date(self, rest: list[Any], refid: Any) -> datetime.date:
        return datetime.date(*map(int, rest[0].split()))

    @_scalar
    def _time(self, rest: list[Any], refid: Any) -> datetime.time:
        return datetime.time(*map(int, rest[0].split()))

    @_scalar
    def _timedelta(self, rest: list[Any], refid: Any) -> datetime.timedelta:
        days, seconds, microseconds = map(int, rest[0].split())
        return datetime.timedelta(days=days, seconds=seconds, microseconds=microseconds)

    def _persistent(self, rest: list[Any], refid: Any) -> Any:
        if self.persistentLoad:
            return self.persistentLoad(rest[0], self)
        return Unpersistable("Persistent callback not found")

    def _unpersistable(self, rest: list[Any], refid: Any) -> Unpersistable:
        return Unpersistable(f"Unpersistable data: {rest[0]}")


# How many arguments each atom needs at least.
_ARITY = {b"unicode": 1, b"boolean": 1, b"decimal": 2, b"datetime": 1, b"date": 1, b"time": 1,
          b"timedelta": 1, b"reference": 2, b"dereference": 1, b"module": 1, b"class": 1,
          b"function": 1, b"method": 3, b"persistent": 1, b"unpersistable": 1, b"instance": 2}

_HANDLERS: dict[bytes, Callable[..., Any]] = {
    b"None": _Unjellier._none, b"unicode": _Unjellier._unicode,
    b"boolean": _Unjellier._boolean, b"decimal": _Unjellier._decimal,
    b"datetime": _Unjellier._datetime, b"date": _Unjellier._date,
    b"time": _Unjellier._time, b"timedelta": _Unjellier._timedelta,
    b"reference": _Unjellier._reference, b"dereference": _Unjellier._dereference,
    b"list": _Unjellier._list, b"tuple": _Unjellier._tuple,
    b"dictionary": _Unjellier._dictionary, b"set": _Unjellier._set,
    b"frozenset": _Unjellier._frozenset, b"module": _Unjellier._module,
    b"class": _Unjellier._class, b"function": _Unjellier._function,
    b"method": _Unjellier._method, b"persistent": _Unjellier._persistent,
    b"unpersistable": _Unjellier._unpersistable, b"instance": _Unjellier._instanceAtom,
}


def _importedModule(name: str) -> Any:
    """The module ``name`` if this process has imported it (``twisted.*`` may be refreactor's)."""
    module = sys.modules.get(name)
    if module is None and (name == "twisted" or name.startswith("twisted.")):
        module = sys.modules.get("refreactor" + name[len("twisted"):])
    return module


def _lookup(name: str, allowed: dict[Any, Any]) -> Any:
    """The object ``name`` names: an allowed class by its wire name, else an attribute of
    an already imported module; InsecureJelly if there is none. Never imports."""
    wanted = name.encode("utf-8")
    for cls in allowed:
        if isinstance(cls, type) and wireName(cls) == wanted:
            return cls
    parts = name.split(".")
    # The longest imported module the name starts with; the rest are attributes.
    for split in range(len(parts) - 1, 0, -1):
        module = _importedModule(".".join(parts[:split]))
        if module is not None:
            break
    else:
        raise InsecureJelly(f"{name}: no module of it is imported "
                            "(jelly never imports a module a peer names)")
    found = module
    for part in parts[split:]:
        found = getattr(found, part, None) if not part.startswith("__") else None
        if found is None:
            raise InsecureJelly(f"{name} does not name anything")
    return found


class DummySecurityOptions:
    """A taster allowing every type, module and class (but jelly still never imports)."""

    def isModuleAllowed(self, moduleName: Any) -> bool:
        """Always."""
        return True

    def isClassAllowed(self, klass: Any) -> bool:
        """Always."""
        return True

    def isTypeAllowed(self, typeName: Any) -> bool:
        """Always."""
        return True


class SecurityOptions:
    """A taster allowing only the basic types and what it is told to allow."""

    basicTypes = ["dictionary", "list", "tuple", "reference", "dereference", "unpersistable",
                  "persistent", "long_int", "long", "dict"]

    def __init__(self) -> None:
        self.allowedTypes: dict[bytes, int] = dict.fromkeys(
            [b"None", b"bool", b"boolean", b"string", b"str", b"int", b"float", b"datetime",
             b"time", b"date", b"timedelta", b"NoneType", b"unicode", b"decimal", b"set",
             b"frozenset"], 1)
        self.allowedModules: dict[bytes, int] = {}
        self.allowedClasses: dict[type, int] = {}

    def allowBasicTypes(self) -> None:
        """Allow lists, tuples, dicts and references."""
        self.allowTypes(*self.basicTypes)

    def allowTypes(self, *types: Any) -> None:
        """Allow these type names (or classes)."""
        for typ in types:
            self.allowedTypes[_typeName(typ)] = 1

    def allowInstancesOf(self, *classes: type) -> None:
        """Allow instances of these classes (and the basic types, classes and modules)."""
        self.allowBasicTypes()
        self.allowTypes("instance", "class", "classobj", "module")
        for klass in classes:
            self.allowTypes(klass)
            self.allowModules(klass.__module__)
            self.allowedClasses[klass] = 1

    def allowModules(self, *modules: Any) -> None:
        """Allow these modules (names or module objects)."""
        for module in modules:
            self.allowedModules[_moduleName(module)] = 1

    def isModuleAllowed(self, moduleName: Any) -> bool:
        """True if ``moduleName`` was allowed."""
        return _moduleName(moduleName) in self.allowedModules

    def isClassAllowed(self, klass: Any) -> bool:
        """True if instances of ``klass`` were allowed."""
        return klass in self.allowedClasses

    def isTypeAllowed(self, typeName: Any) -> bool:
        """True for allowed type names and for every dotted (class) name."""
        name = _typeName(typeName)
        return name in self.allowedTypes or b"." in name


globalSecurity = SecurityOptions()
globalSecurity.allowBasicTypes()


def jelly(object: Any, taster: Any = None, persistentStore: Any = None,  # noqa: A002
          invoker: Any = None) -> Any:
    """The s-expression of ``object``; the taster (default: allow all) vets its types."""
    return _Jellier(taster or DummySecurityOptions(), persistentStore, invoker).jelly(object)


def unjelly(sexp: Any, taster: Any = None, persistentLoad: Any = None,
            invoker: Any = None) -> Any:
    """The object ``sexp`` stands for; the taster (default: allow all) vets what is built."""
    return _Unjellier(taster or DummySecurityOptions(), persistentLoad,
                      invoker).unjellyFull(sexp)
