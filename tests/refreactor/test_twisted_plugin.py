"""twisted.plugin and twistd NAME: plugins found in twisted/plugins/ folders on the path, a
plugin's service run by the runner with its options, twistd's log, copyright.version."""

import importlib.metadata
import subprocess
import sys

import pytest

PLUGINS = '''
from zope.interface import Interface, implementer, provider
from twisted.plugin import IPlugin
from twisted.application.service import ServiceMaker


class IGreeting(Interface):
    """A greeting."""


@provider(IPlugin, IGreeting)
class Hello:
    """Provides IGreeting."""


@implementer(IPlugin)
class NotAGreeting:
    """An IPlugin class: the class itself provides nothing."""


notAPlugin = object()
greeter = ServiceMaker("Greeter", "greeter", "Greets someone, then stops.", "greeter")
'''

BROKEN_PLUGIN = "raise RuntimeError('this plugin module cannot be imported')\n"

GREETER = '''
from twisted.application import service
from twisted.python import usage


class Options(usage.Options):
    optParameters = [["name", "n", "world", "Whom to greet."]]


class Greeter(service.Service):
    def __init__(self, name):
        self.who = name

    def startService(self):
        from twisted.internet import reactor

        print("hello,", self.who)
        reactor.callLater(0, reactor.stop)


def makeService(options):
    return Greeter(options["name"])
'''

LIST = '''
import sys
from twisted.plugin import getPlugins, IPlugin
from twisted.application.service import IServiceMaker
from twisted.python import log
from myplugins import IGreeting

log.startLogging(sys.stderr, setStdout=False)
print(sorted(type(p).__name__ if not isinstance(p, type) else p.__name__
             for p in getPlugins(IGreeting)))
print([m.tapname for m in getPlugins(IServiceMaker)])
print(len(list(getPlugins(IPlugin))))
'''


@pytest.fixture
def project(tmp_path):
    """A program's folder: its own plugins in twisted/plugins/, with no __init__.py."""
    plugins = tmp_path / "twisted" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "mine.py").write_text("from myplugins import *  # noqa\n")
    (tmp_path / "myplugins.py").write_text(PLUGINS)
    (tmp_path / "greeter.py").write_text(GREETER)
    (tmp_path / "listplugins.py").write_text(LIST)
    return tmp_path


def run(project, *argv, timeout=30):
    return subprocess.run([sys.executable, *argv], cwd=project, capture_output=True,
                          text=True, timeout=timeout)


def test_getPlugins_finds_the_programs_own_plugins_by_interface(project):
    out = run(project, "-m", "refreactor", "listplugins.py")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["['Hello']", "['greeter']", "2"]


def test_a_plugin_module_that_fails_to_import_is_logged_and_skipped(project):
    (project / "twisted" / "plugins" / "broken.py").write_text(BROKEN_PLUGIN)
    out = run(project, "-m", "refreactor", "listplugins.py")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "['Hello']"
    assert "this plugin module cannot be imported" in out.stderr


def test_a_plugins_folder_with_an_init_is_not_an_extension(project):
    (project / "twisted" / "plugins" / "__init__.py").write_text("")
    out = run(project, "-m", "refreactor", "listplugins.py")
    assert out.stdout.splitlines() == ["[]", "[]", "0"], out.stderr


def test_twistd_runs_a_plugins_service_with_its_options(project):
    out = run(project, "-m", "refreactor.twistd", "-n", "--pidfile=", "greeter",
              "--name", "reader")
    assert out.returncode == 0, out.stderr
    lines = [line.split(" ", 1)[1] for line in out.stdout.splitlines()]
    assert lines[0].startswith("[twisted.scripts._twistd_unix.UnixAppLogger#info] twistd ")
    assert "[stdout#info] hello, reader" in lines
    assert lines[-1] == "[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down."
    assert not list(project.glob("*.tap")), "a plugin's application is not saved"


def test_twistd_help_lists_the_plugins(project):
    out = run(project, "-m", "refreactor.twistd", "--help")
    assert out.returncode == 0
    assert out.stdout.startswith("Usage: twistd [options]\nOptions:\n")
    # Twisted's command table: four spaces, the names padded to the longest, six spaces.
    assert out.stdout.endswith("Commands:\n    greeter      Greets someone, then stops.\n\n")


def test_twistd_help_of_a_plugin_is_its_options_alone(project):
    out = run(project, "-m", "refreactor.twistd", "greeter", "--help")
    assert out.returncode == 0
    assert out.stdout.splitlines()[:2] == ["Usage: twistd [options] greeter [options]",
                                           "Options:"]
    assert "refreactor" not in out.stdout, "no docstring of the runner"


def test_twistd_refuses_an_unknown_plugin_and_a_wrong_option(project):
    unknown = run(project, "-m", "refreactor.twistd", "-n", "--pidfile=", "nosuch")
    assert unknown.returncode == 1
    assert unknown.stdout.endswith("twistd -n: Unknown command: nosuch\n")
    wrong = run(project, "-m", "refreactor.twistd", "-n", "--pidfile=", "greeter", "--bad")
    assert wrong.returncode == 1
    assert "--name=" in wrong.stdout  # the plugin's usage
    assert wrong.stdout.endswith("twistd -n: option --bad not recognized\n")


def test_twistd_needs_an_application_or_a_plugin(project):
    out = run(project, "-m", "refreactor.twistd", "-n")
    assert out.returncode == 1
    assert out.stdout.endswith("twistd -n: give one of -y FILE, -f FILE or a plugin NAME\n")


OBSERVED = '''
from twisted.application import service
from twisted.internet import reactor
from twisted.logger import ILogObserver, formatEvent

events = open("events.txt", "w")


def observe(event):
    events.write(formatEvent(event) + "\\n")
    events.flush()


application = service.Application("observed")
application.setComponent(ILogObserver, observe)
reactor.callLater(0, print, "printed")
reactor.callLater(0.1, reactor.stop)
'''


def test_twistd_logs_to_the_applications_observer_alone(project):
    (project / "observed.tac").write_text(OBSERVED)
    out = run(project, "-m", "refreactor.twistd", "-n", "--pidfile=", "-y", "observed.tac")
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    events = (project / "events.txt").read_text().splitlines()
    assert events[:2] == ["Loading observed.tac...", "Loaded."]
    assert events[2].startswith("twistd ")
    assert "printed" in events
    assert events[-1] == "Server Shut Down."


def test_copyright_version_is_the_release_of_the_oracle():
    from refreactor import copyright

    assert copyright.version == importlib.metadata.version("twisted")


def test_options_version_prints_the_twisted_api_version(tmp_path):
    (tmp_path / "v.py").write_text(
        "from twisted.python import usage\nusage.Options().parseOptions(['--version'])\n")
    out = run(tmp_path, "-m", "refreactor", "v.py")
    assert out.returncode == 0
    assert out.stdout == f"Twisted version: {importlib.metadata.version('twisted')}\n"


def test_twisted_names_in_a_programs_tracebacks(tmp_path):
    (tmp_path / "t.py").write_text(
        "from twisted.internet import error\nraise error.ConnectionLost('gone')\n")
    out = run(tmp_path, "-m", "refreactor", "t.py")
    assert out.returncode == 1
    assert out.stderr.splitlines()[-1].startswith("twisted.internet.error.ConnectionLost:")
