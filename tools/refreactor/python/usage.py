"""Command-line options, mirroring ``twisted.python.usage``: declare them, then parse.

An ``Options`` subclass lists ``optFlags`` (``[long, short, doc]``), ``optParameters``
(``[long, short, default, doc, coerce]``), ``subCommands`` (``[name, short, OptionsClass,
doc]``) and ``opt_NAME`` methods (called with the option's value, if they take one). The
parsed values are the dict's items; ``--help`` prints the usage text and exits.
"""

import getopt
import inspect
import os
import sys
import textwrap
import types
from collections.abc import Callable
from typing import Any

from refreactor import copyright


class UsageError(Exception):
    """The command line is not one the options accept."""


error = UsageError


class CoerceParameter:
    """Stores a parameter's value after passing it through ``coerce``."""

    def __init__(self, options: "Options", coerce: Callable[[str], Any]) -> None:
        self.options = options
        self.coerce = coerce
        self.doc = getattr(coerce, "coerceDoc", "")

    def dispatch(self, parameterName: str, value: str | None) -> None:
        """Coerce ``value`` and store it; a ValueError becomes a UsageError."""
        if value is None:
            raise UsageError(f"Parameter '{parameterName}' requires an argument.")
        try:
            coerced = self.coerce(value)
        except ValueError as e:
            raise UsageError(f"Parameter type enforcement failed: {e}") from None
        self.options.opts[parameterName] = coerced


def _padded(entry: Any, length: int) -> list[Any]:
    entry = list(entry)
    if len(entry) > length:
        raise ValueError(f"{len(entry)} elements is more than {length}.")
    return entry + [None] * (length - len(entry))


def _classLists(cls: type, name: str) -> list[Any]:
    """The ``name`` lists of ``cls`` and its bases, bases first."""
    collected: list[Any] = []
    for base in cls.__bases__:
        collected.extend(_classLists(base, name))
    collected.extend(cls.__dict__.get(name, []))
    return collected


def _optionMethodNames(cls: type) -> dict[str, None]:
    """The names after ``opt_`` of the option methods of ``cls`` and its bases."""
    names: dict[str, None] = {}
    for base in cls.__bases__:
        names.update(_optionMethodNames(base))
    for attribute, value in cls.__dict__.items():
        if (attribute.startswith("opt_") and len(attribute) > 4
                and type(value) is types.FunctionType):
            names[attribute[4:]] = None
    return names


def flagFunction(method: Callable[..., Any], name: str | None = None) -> bool:
    """Whether option method ``method`` is a flag (takes no value); UsageError if it would
    take more than one."""
    count = len(inspect.signature(method).parameters)
    if count > 1:
        raise UsageError(f"Invalid Option function for {name or method.__name__}")
    return count == 0


def portCoerce(value: str) -> int:
    """``value`` as a port number: an int from 0 to 65535 (ValueError otherwise)."""
    port = int(value)
    if not 0 <= port <= 65535:
        raise ValueError(f"Port number not in range: {port}")
    return port


portCoerce.coerceDoc = "Must be an int between 0 and 65535."  # type: ignore[attr-defined]


class Options(dict[str, Any]):
    """The options of a command: subclass, declare, then ``parseOptions(argv)``."""

    subCommand: str | None = None
    defaultSubCommand: str | None = None
    parent: "Options | None" = None

    def __init__(self) -> None:
        super().__init__()
        self.opts = self
        self.defaults: dict[str, Any] = {}
        self.longOpt: list[str] = []
        self.shortOpt = ""
        self.docs: dict[str, Any] = {}
        self.synonyms: dict[str, str] = {}
        self._dispatch: dict[str, Any] = {}
        self._gatherFlags()
        self._gatherParameters()
        self._gatherMethods()

    __hash__ = object.__hash__  # type: ignore[assignment]

    def _declare(self, long: str, short: str | None, doc: Any, takesValue: bool) -> None:
        self.docs[long] = doc
        self.synonyms[long] = long
        self.longOpt.append(long + "=" if takesValue else long)
        if short:
            self.shortOpt += short + ":" if takesValue else short
            self.synonyms[short] = long

    def _gatherFlags(self) -> None:
        for entry in _classLists(type(self), "optFlags"):
            long, short, doc = _padded(entry, 3)
            if not long:
                raise ValueError("A flag cannot be without a name.")
            self._declare(long, short, doc, takesValue=False)
            self.opts[long] = self.defaults[long] = 0
            self._dispatch[long] = self._generic_flag

    def _gatherParameters(self) -> None:
        for entry in _classLists(type(self), "optParameters"):
            long, short, default, doc, coerce = _padded(entry, 5)
            if not long:
                raise ValueError("A parameter cannot be without a name.")
            self._declare(long, short, doc, takesValue=True)
            self.opts[long] = self.defaults[long] = default
            self._dispatch[long] = CoerceParameter(self, coerce or str)

    def _gatherMethods(self) -> None:
        namesByMethod: dict[Any, list[str]] = {}
        for name in _optionMethodNames(type(self)):
            method = getattr(self, "opt_" + name)
            takesValue = not flagFunction(method, name)
            pretty = name.replace("_", "-")
            self.docs[pretty] = method.__doc__ or self.docs.get(pretty)
            self.synonyms[pretty] = pretty
            self._dispatch[pretty] = _methodCaller(method, takesValue)
            if len(name) == 1:
                self.shortOpt += name + ":" if takesValue else name
            else:
                self.longOpt.append(pretty + "=" if takesValue else pretty)
            namesByMethod.setdefault(method, []).append(pretty)
        for names in namesByMethod.values():
            if len(names) > 1:  # Aliases (opt_v = opt_verbose) all mean the longest name.
                longest = max(names, key=len)
                for name in names:
                    self.synonyms[name] = longest

    def _generic_flag(self, flagName: str, value: Any = None) -> None:
        if value not in ("", None):
            raise UsageError(f"Flag '{flagName}' takes no argument. Not even \"{value}\".")
        self.opts[flagName] = 1

    def opt_help(self) -> None:
        """Display this help and exit."""
        print(self.__str__())
        sys.exit(0)

    def opt_version(self) -> None:
        """Display Twisted version and exit."""
        print("Twisted version:", copyright.version)
        sys.exit(0)

    def parseOptions(self, options: list[str] | None = None) -> None:
        """Parse ``options`` (default: ``sys.argv[1:]``): options, then a sub-command or the
        positional arguments (``parseArgs``), then ``postOptions``. UsageError if wrong."""
        if options is None:
            options = sys.argv[1:]
        try:
            found, args = getopt.getopt(options, self.shortOpt, self.longOpt)
        except getopt.error as e:
            raise UsageError(str(e)) from None
        for option, value in found:
            self._dispatchOption(option[2:] if option[1] == "-" else option[1:], value)
        if getattr(self, "subCommands", None) and (args or self.defaultSubCommand is not None):
            self._parseSubCommand(args or [self.defaultSubCommand])
        else:
            try:
                self.parseArgs(*args)
            except TypeError:
                raise UsageError("Wrong number of arguments.") from None
        self.postOptions()

    def _dispatchOption(self, option: str, value: str) -> None:
        name = option if option in self.synonyms else option.replace("-", "_")
        if name not in self.synonyms:
            raise UsageError(f"No such option '{option}'")
        name = self.synonyms[name]
        handler = self._dispatch[name]
        if isinstance(handler, CoerceParameter):
            handler.dispatch(name, value)
        else:
            handler(name, value)

    def _parseSubCommand(self, args: list[Any]) -> None:
        command, rest = args[0], args[1:]
        for name, short, parser, _ in self.subCommands:  # type: ignore[attr-defined]
            if command in (name, short):
                self.subCommand = name
                self.subOptions = parser()
                self.subOptions.parent = self
                self.subOptions.parseOptions(rest)
                return
        raise UsageError(f"Unknown command: {command}")

    def postOptions(self) -> None:
        """Check or complete the options once all are parsed (override; UsageError if bad)."""

    def parseArgs(self) -> None:
        """Take the positional arguments (override with the ones you accept)."""

    def __str__(self) -> str:
        return self.getSynopsis() + "\n" + self.getUsage(width=None)

    def getSynopsis(self) -> str:
        """The first line of the help: ``Usage: program [options]`` (or ``synopsis``)."""
        if self.parent is None:
            program = _programName()
            default = f"Usage: {program}{' [options]' if self.longOpt else ''}"
        else:
            default = "[options]" if self.longOpt else ""
        synopsis = getattr(self, "synopsis", default).rstrip()
        if self.parent is not None:
            synopsis = " ".join((self.parent.getSynopsis(), self.parent.subCommand or "",
                                 synopsis))
        return synopsis

    def getUsage(self, width: int | None = None) -> str:
        """The option table (then ``longdesc``, then the sub-commands) of the help text."""
        if hasattr(self, "subOptions"):
            return self.subOptions.getUsage(width=width)
        width = width or int(os.environ.get("COLUMNS", "80"))
        rows = self._optionRows()
        table = f"Options:\n{''.join(_table(rows, width))}" if rows else "Options: None\n"
        return table + _longDescription(self, width) + self._commandTable(width)

    def _optionRows(self) -> list[dict[str, Any]]:
        shortOf: dict[str, str | None] = {}
        for name, long in self.synonyms.items():
            if name != long and len(name) == 1:
                shortOf[long] = name
            else:
                shortOf.setdefault(long, None)
        rows = []
        for option in self.longOpt:
            kind = "parameter" if option.endswith("=") else "flag"
            long = option.rstrip("=")
            rows.append({"long": long, "short": shortOf[long], "doc": self.docs[long],
                         "optType": kind, "default": self.defaults.get(long),
                         "dispatch": self._dispatch.get(long)})
        return rows

    def _commandTable(self, width: int) -> str:
        if not hasattr(self, "subCommands"):
            return ""
        rows = [{"long": name, "short": short, "doc": doc, "optType": "command",
                 "default": None} for name, short, _, doc in self.subCommands]
        return "Commands:\n" + "".join(_table(rows, width))


def _methodCaller(method: Callable[..., Any], takesValue: bool) -> Callable[..., Any]:
    if takesValue:
        return lambda name, value: method(value)
    return lambda name, value=None: method()


def _programName() -> str:
    """The program as the help names it: its module name (``python -m pkg`` for packages)."""
    name = _moduleNameOf(sys.argv[0])
    if name.endswith(".__main__"):
        return f"{os.path.basename(sys.executable)} -m {name.removesuffix('.__main__')}"
    return name


def _moduleNameOf(filename: str) -> str:
    """The dotted module name of a file, counting the packages (``__init__.py``) above it."""
    path = os.path.abspath(filename)
    name = os.path.splitext(os.path.basename(filename) or os.path.basename(filename[:-1]))[0]
    folder = os.path.dirname(path)
    while os.path.exists(os.path.join(folder, "__init__.py")):
        name = f"{os.path.basename(folder)}.{name}"
        folder = os.path.dirname(folder)
    return name


def _longDescription(options: Options, width: int) -> str:
    """``longdesc``, or the main module's docstring, wrapped; "" if neither."""
    text = getattr(options, "longdesc", None)
    if text is None:
        text = getattr(sys.modules.get("__main__"), "__doc__", None) or ""
    if not text:
        return ""
    return "\n" + "\n".join(textwrap.wrap(text, width)).strip() + "\n"


def _table(rows: list[dict[str, Any]], width: int) -> list[str]:
    """The help lines of ``rows``: ``  -s, --long=  doc``, the doc wrapped in its column."""
    rows.sort(key=lambda row: row.get("short") or row.get("long"))
    widest = max((len(row["long"]) + (row["optType"] == "parameter") for row in rows
                  if row.get("long")), default=0)
    firstColumn = widest + len("  -s, --  ")
    seen: set[str] = set()
    chunks = []
    for row in rows:
        short, long = row.get("short"), row.get("long")
        if short in seen or long in seen:
            continue
        seen.update(x for x in (short, long) if x is not None)
        lines = textwrap.wrap(_docOf(row), width - firstColumn) or [""]
        chunk = [f"{_firstColumn(row, widest)}{lines[0]}\n"]
        chunk.extend(f"{' ' * firstColumn}{line}\n" for line in lines[1:])
        chunks.append("".join(chunk))
    return chunks


def _firstColumn(row: dict[str, Any], widest: int) -> str:
    short = f"-{row['short']}" if row.get("short") else ""
    if row.get("long"):
        long = row["long"] + ("=" if row["optType"] == "parameter" else "")
        long = long.ljust(widest)
        comma = "," if short else " "
    else:
        long, comma = " " * (widest + 2), " "
    if row["optType"] == "command":
        return f"    {long}      "
    return f"  {short:>2}{comma} --{long}  "


def _docOf(row: dict[str, Any]) -> str:
    doc = (row.get("doc") or "").strip()
    if row["optType"] == "parameter" and row.get("default") is not None:
        doc = f"{doc} [default: {row['default']}]"
    dispatch = row.get("dispatch")
    if row["optType"] == "parameter" and isinstance(dispatch, CoerceParameter) and dispatch.doc:
        doc = f"{doc}. {dispatch.doc}"
    return doc
