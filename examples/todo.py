"""A to-do list on the command line: global options, then 'add' or 'list'."""

import sys

from twisted.python import usage


class AddOptions(usage.Options):
    synopsis = "[options] TEXT"
    longdesc = "Append TEXT to the list with a priority."
    optParameters = [["priority", "p", 3, "1 (urgent) to 5 (some day)", int]]

    def parseArgs(self, *words):
        if not words:
            raise usage.UsageError("what should be added?")
        self["text"] = " ".join(words)

    def postOptions(self):
        if not 1 <= self["priority"] <= 5:
            raise usage.UsageError("the priority goes from 1 to 5")


class ListOptions(usage.Options):
    longdesc = "Print the list, most urgent items first."
    optFlags = [["urgent", "u", "only the items of priority 1 and 2"]]


class TodoOptions(usage.Options):
    longdesc = "Keep a to-do list in a text file."
    optParameters = [["file", "f", "todo.txt", "where the list is kept"]]
    subCommands = [["add", None, AddOptions, "add an item"],
                   ["list", None, ListOptions, "show the items"]]

    def postOptions(self):
        if self.subCommand is None:
            raise usage.UsageError("say add or list")


def add(path, options):
    with open(path, "a", encoding="utf-8") as todo:
        todo.write(f"{options['priority']} {options['text']}\n")


def show(path, options):
    try:
        with open(path, encoding="utf-8") as todo:
            items = sorted(line.rstrip("\n").split(" ", 1) for line in todo)
    except FileNotFoundError:
        items = []
    for priority, text in items:
        if int(priority) <= 2 or not options["urgent"]:
            print(f"[{priority}] {text}")


def main(argv):
    options = TodoOptions()
    try:
        options.parseOptions(argv)
    except usage.UsageError as error:
        print(f"{sys.argv[0]}: {error}", file=sys.stderr)
        print("Try --help for usage.", file=sys.stderr)
        return 1
    action = add if options.subCommand == "add" else show
    action(options["file"], options.subOptions)
    return 0


sys.exit(main(sys.argv[1:]))
