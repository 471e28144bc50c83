"""``python -m refreactor.twistd``: run an application, in the manner of Twisted's twistd.

    python -m refreactor.twistd -n -y app.py     # a Python file defining ``application``
    python -m refreactor.twistd -n -f app.tap    # an application saved as a pickle
    python -m refreactor.twistd -n NAME [ARGS]   # the service of the plugin NAME

The application's services start, the reactor runs until SIGINT/SIGTERM (or ``reactor.stop``),
the services stop and an application loaded with ``-f`` is saved as ``NAME-shutdown.tap``
(unless ``-o``; ``-y`` and a plugin imply ``-o``, as in Twisted). A plugin is an
``IServiceMaker`` found by ``twisted.plugin.getPlugins`` (in a ``twisted/plugins/`` folder on
the path): its ``options`` parse ARGS, its ``makeService`` makes the service to run. A
runner stopped by a signal ends by raising that signal again, so its parent sees how it
ended. ``twisted.*`` imports are mapped onto ``refreactor.*`` for this process.

Security: ``-f`` unpickles the file, which runs code it names. Only load ``.tap`` files you
made or trust.

The log reads as Twisted's (``Loading FILE...``, ``Loaded.``, the version and reactor lines,
``Server Shut Down.``); an application's ``ILogObserver`` component, if it has one, is the
only observer of the log.

Without ``-n`` the runner becomes a daemon once the application has loaded (so load errors
still reach the terminal) and logs to ``twistd.log``. It does not switch user and group.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from typing import IO, Any

from refreactor import __main__ as aliasing
from refreactor import copyright, plugin
from refreactor.application import app, service
from refreactor.logger import (
    ILogObserver,
    LegacyLogObserverWrapper,
    globalLogBeginner,
    textFileLogObserver,
)
from refreactor.logger._logger import _loggerFor
from refreactor.python import log, usage

PROG = "twistd"


class ServerOptions(usage.Options):
    """twistd's command line, as Twisted's: its own options, then a plugin's name and the
    plugin's options. The options it has are the ones this runner carries out."""

    synopsis = "Usage: twistd [options]"
    longdesc = ("twistd reads a twisted.application.service.Application out of a file and "
                "runs it.")
    optFlags = [
        ["nodaemon", "n", "don't daemonize, don't use default umask of 0077"],
        ["no_save", "o", "do not save state on shutdown"],
    ]
    optParameters = [
        ["file", "f", None, "read the given .tap file (a pickle: loading it runs code, load "
                            "only trusted files)"],
        ["logfile", "l", None, "log to a specified file, - for stdout"],
        ["pidfile", None, "twistd.pid", "Name of the pidfile"],
        ["python", "y", None, "read an application from within a Python file (implies -o)"],
    ]

    def opt_version(self) -> None:
        """Print version information and exit."""
        print(f"twistd (the Twisted daemon) {copyright.version}")
        sys.exit(0)

    @property
    def subCommands(self) -> Iterator[tuple[str, None, Any, str]]:
        """One command per plugin: its name, its options class, its description."""
        for name, maker in serviceMakers().items():
            yield name, None, maker.options, maker.description

    def postOptions(self) -> None:
        """Exactly one application: a Python file, a .tap file or a plugin."""
        if sum(bool(x) for x in (self["python"], self["file"], self.subCommand)) != 1:
            raise usage.UsageError("give one of -y FILE, -f FILE or a plugin NAME")


def serviceMakers() -> dict[str, Any]:
    """The plugins ``twistd NAME`` can run, by name (``tapname``), in name order."""
    makers = {maker.tapname: maker for maker in plugin.getPlugins(service.IServiceMaker)}
    return dict(sorted(makers.items()))


def _parseOptions(argv: list[str]) -> ServerOptions:
    """The runner's options; wrong ones print the help and exit 1, as Twisted's twistd."""
    config = ServerOptions()
    try:
        config.parseOptions(argv)
    except usage.UsageError as e:
        print(config)
        print(f"{' '.join([PROG, *argv[:1]])}: {e}")
        sys.exit(1)
    return config


def makeApplication(config: ServerOptions) -> Any:
    """An application running the service of the plugin the options name."""
    maker = serviceMakers()[config.subCommand]
    application = service.Application(maker.tapname)
    maker.makeService(config.subOptions).setServiceParent(application)
    return application


def loadApplication(options: ServerOptions) -> Any:
    """Load the application the options name; exit with a clear message if it cannot be."""
    filename, kind = (options["python"], "python") if options["python"] else (
        options["file"], "pickle")
    try:
        log.msg(f"Loading {filename}...")
        application = service.loadApplication(filename, kind)
        log.msg("Loaded.")
        return application
    except KeyError as e:
        if e.args == ("application",):
            sys.exit(f"\n{filename} must define a variable named 'application'\n")
        sys.exit(f"\nFailed to load application: {e!r}\n")
    except Exception as e:
        sys.exit(f"\nFailed to load application: {e}\n")


def _checkPidfile(path: str) -> None:
    """Refuse to start if ``path`` names a live process (a stale file is fine)."""
    try:
        with open(path) as f:
            other = int(f.read().strip() or 0)
    except (OSError, ValueError):
        return
    if other <= 0:
        return
    try:
        os.kill(other, 0)
    except ProcessLookupError:
        return
    sys.exit(f"Another twistd server is running, PID {other}\n"
             f"(remove {path} if that is not so)")


def _daemonize() -> None:
    """Detach from the terminal: fork twice around a new session, stdio on /dev/null."""
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _openLog(name: str) -> IO[str]:
    """The file the log goes to."""
    return sys.stdout if name == "-" else open(name, "a")  # open for the process lifetime


def _logObserver(application: Any, logfile: str) -> Any:
    """The application's ILogObserver component (new or legacy), else a text log."""
    observer = application.getComponent(ILogObserver, None)
    if observer is None:
        observer = application.getComponent(log.ILogObserver, None)
        if observer is not None and not ILogObserver.providedBy(observer):
            observer = LegacyLogObserverWrapper(observer)
    if observer is None:
        # As Twisted's twistd: the structured log's text format, RFC 3339 timestamps.
        observer = textFileLogObserver(_openLog(logfile))
    return observer


class UnixAppLogger:
    """Writes twistd's own lines, under the namespace Twisted's twistd gives them."""

    def started(self, reactor: Any) -> None:
        """The version and reactor lines Twisted's twistd begins its log with."""
        version = ".".join(map(str, sys.version_info[:3]))
        _loggerFor(self).info("twistd {version} ({exe} {pyVersion}) starting up.",
                              version=copyright.version, exe=sys.executable,
                              pyVersion=version)
        cls = type(reactor)
        _loggerFor(self).info("reactor class: {reactor}.",
                              reactor=f"{cls.__module__}.{cls.__name__}")

    def stopped(self) -> None:
        """The last line."""
        _loggerFor(self).info("Server Shut Down.")


# Twisted's name for the class that writes these lines.
UnixAppLogger.__module__ = "twisted.scripts._twistd_unix"


def run(argv: list[str]) -> None:
    """Load the application, run it until shutdown, save it unless ``-o``."""
    aliasing.install()
    options = _parseOptions(argv)
    logfile = options["logfile"] or ("-" if options["nodaemon"] else "twistd.log")
    pidfile = options["pidfile"]
    if pidfile:
        _checkPidfile(pidfile)
    if options.subCommand:
        application = makeApplication(options)
    else:
        application = loadApplication(options)
    if not options["nodaemon"]:
        _daemonize()
    if pidfile:
        with open(pidfile, "w") as f:
            f.write(f"{os.getpid()}\n")
    try:
        globalLogBeginner.beginLoggingTo([_logObserver(application, logfile)])
        from refreactor.internet import reactor

        appLogger = UnixAppLogger()
        appLogger.started(reactor)
        service.IService(application).privilegedStartService()
        save = not (options["no_save"] or options["python"] or options.subCommand)
        app.startApplication(application, save)
        reactor.run()
        appLogger.stopped()
    finally:
        if pidfile and os.path.exists(pidfile):
            os.unlink(pidfile)
    if reactor._exitSignal is not None:
        _exitWithSignal(reactor._exitSignal)


def _exitWithSignal(signum: int) -> None:
    """End the process by ``signum``, as Twisted's twistd does after a stopping signal."""
    sys.stdout.flush()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if __name__ == "__main__":
    # A help without a long description shows __main__'s docstring (as in Twisted), and
    # Twisted's twistd runs from a console script that has none: ours must not show either.
    __doc__ = None
    run(sys.argv[1:])
