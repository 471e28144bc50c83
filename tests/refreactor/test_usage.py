"""twisted.python.usage on refreactor: parsing, coercion, methods, sub-commands, help."""

import pytest
from refreactor.python import usage


class Options(usage.Options):
    optFlags = [["verbose", "v", "Talk more."]]
    optParameters = [["port", "p", 80, "Port.", usage.portCoerce], ["user", "u", None, "Who."]]

    def __init__(self):
        super().__init__()
        self["seen"] = []

    def opt_add(self, value):
        """Add a value."""
        self["seen"].append(value)

    opt_a = opt_add

    def parseArgs(self, *paths):
        self["paths"] = paths


def test_defaults_flags_parameters_methods_and_arguments():
    options = Options()
    assert options["port"] == 80 and options["verbose"] == 0 and options["user"] is None
    options.parseOptions(["-v", "--port", "8080", "-a", "x", "--add=y", "--user=me", "f", "g"])
    assert options["verbose"] == 1 and options["port"] == 8080 and options["user"] == "me"
    assert options["seen"] == ["x", "y"] and options["paths"] == ("f", "g")


@pytest.mark.parametrize("argv,message", [
    (["--port"], "option --port requires argument"),
    (["--port=x"], "Parameter type enforcement failed: invalid literal for int() with base 10: "
                   "'x'"),
    (["-p", "70000"], "Parameter type enforcement failed: Port number not in range: 70000"),
    (["--nope"], "option --nope not recognized"),
])
def test_usage_errors(argv, message):
    with pytest.raises(usage.UsageError, match=None) as caught:
        Options().parseOptions(argv)
    assert str(caught.value) == message


def test_wrong_number_of_arguments_and_post_options():
    class One(usage.Options):
        def parseArgs(self, only):
            self["only"] = only

        def postOptions(self):
            if self["only"] == "bad":
                raise usage.UsageError("bad value")

    with pytest.raises(usage.UsageError, match="Wrong number of arguments."):
        One().parseOptions([])
    with pytest.raises(usage.UsageError, match="bad value"):
        One().parseOptions(["bad"])


def test_sub_commands():
    class Sub(usage.Options):
        optFlags = [["force", "f"]]

    class Main(usage.Options):
        subCommands = [["run", "r", Sub, "Run it."]]

    options = Main()
    options.parseOptions(["r", "-f"])
    assert options.subCommand == "run" and options.subOptions["force"] == 1
    assert options.subOptions.parent is options
    with pytest.raises(usage.UsageError, match="Unknown command: walk"):
        Main().parseOptions(["walk"])


def test_help_text_lists_every_option(capsys):
    class Documented(Options):
        longdesc = "What the command does."

    text = str(Documented())
    lines = text.splitlines()
    assert lines[1] == "Options:"
    assert "  -a, --add=     Add a value." in lines
    assert "  -p, --port=    Port. [default: 80]. Must be an int between 0 and 65535." in lines
    assert "  -v, --verbose  Talk more." in lines
    assert lines[-1] == "What the command does."
    with pytest.raises(SystemExit) as exited:
        Documented().parseOptions(["--help"])
    assert exited.value.code == 0 and capsys.readouterr().out == text + "\n"


def test_bad_declarations():
    class Nameless(usage.Options):
        optFlags = [[None, "x"]]

    with pytest.raises(ValueError):
        Nameless()

    class TwoValues(usage.Options):
        def opt_pair(self, a, b):
            pass

    with pytest.raises(usage.UsageError):
        TwoValues()
