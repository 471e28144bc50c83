"""twisted.python.usage: flags, coerced parameters, opt_ methods, sub-commands, the help text
and every UsageError path."""

import sys

from twisted.python import usage


class ServeOptions(usage.Options):
    synopsis = "[serve options] DIRECTORY"
    optParameters = [["port", "p", 8080, "The port to listen on.", usage.portCoerce],
                     ["root", None, None, "The document root, which is described by a "
                      "rather long sentence so that the help text has to wrap it over more "
                      "than one line of the terminal."]]
    optFlags = [["readonly", "r", "Refuse writes."]]

    def parseArgs(self, directory):
        self["directory"] = directory


class MainOptions(usage.Options):
    """A program whose docstring becomes the long description of its help text."""

    optFlags = [["verbose", "v", "Say more."], ["quiet", "q"]]
    optParameters = [["count", "c", 1, "How many times.", int],
                     ["name", "n", None, "Who to greet."]]
    subCommands = [["serve", "s", ServeOptions, "Serve a directory."],
                   ["check", None, usage.Options, "Check the configuration."]]

    def __init__(self):
        usage.Options.__init__(self)
        self["tags"] = []

    def opt_tag(self, tag):
        """Add a tag (repeatable)."""
        self["tags"].append(tag)

    opt_t = opt_tag

    def opt_debug(self):
        """Turn debugging on."""
        self["debug"] = True

    def postOptions(self):
        if self["count"] < 0:
            raise usage.UsageError("count must not be negative")


class Positional(usage.Options):
    optParameters = [["mode", "m", "fast"]]

    def parseArgs(self, first, second=None):
        self["first"], self["second"] = first, second


def attempt(optionsClass, argv):
    options = optionsClass()
    try:
        options.parseOptions(argv)
    except usage.UsageError as e:
        print(argv, "-> UsageError:", e)
        return options
    shown = {k: v for k, v in sorted(options.items())}
    print(argv, "->", shown, "subCommand:", options.subCommand)
    if options.subCommand:
        print("   sub-options:", dict(sorted(options.subOptions.items())))
    return options


sys.argv[0] = "greeter"
attempt(MainOptions, [])
attempt(MainOptions, ["-v", "--count=3", "-n", "Ada", "-t", "a", "--tag", "b", "--debug"])
attempt(MainOptions, ["--count", "many"])
attempt(MainOptions, ["--count", "-2"])
attempt(MainOptions, ["--name"])
attempt(MainOptions, ["--colour=blue"])
attempt(MainOptions, ["-x"])
attempt(MainOptions, ["--verbose=yes"])
attempt(MainOptions, ["extra"])
attempt(MainOptions, ["serve", "-p", "81", "-r", "/srv"])
attempt(MainOptions, ["s", "--port=99999", "/srv"])
attempt(MainOptions, ["serve"])
attempt(MainOptions, ["check"])
attempt(Positional, [])
attempt(Positional, ["one"])
attempt(Positional, ["-m", "slow", "one", "two"])
attempt(Positional, ["one", "two", "three"])

print("--- help of the main options")
print(MainOptions())
print("--- help of a sub-command")
options = attempt(MainOptions, ["serve", "/srv"])
print(options)
print("--- --help")
try:
    MainOptions().parseOptions(["--help"])
except SystemExit as e:
    print("exited with", e.code)
