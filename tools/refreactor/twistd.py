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

import argparse
import os
import signal
import sys
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


def _parser(commands: dict[str, Any] | None = None) -> argparse.ArgumentParser:
    """The command line of the runner; its help lists ``commands`` (the plugins), if given."""
    epilog = "A .tap file is a pickle: loading it runs code. Load only trusted files."
    if commands:
        width = max(len(name) for name in commands)
        epilog += "\n\nCommands:\n" + "".join(
            f"    {name:<{width}}  {maker.description}\n" for name, maker in commands.items())
    parser = argparse.ArgumentParser(
        prog="python -m refreactor.twistd",
        description="Run an application (a .py/.tac file, a saved .tap or the service of a "
                    "plugin) on refreactor.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version",
                        version=f"twistd (the Twisted daemon) {copyright.version}")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-y", "--python", metavar="FILE",
                        help="a Python file whose 'application' variable is the application")
    source.add_argument("-f", "--file", metavar="FILE", help="an application saved as .tap")
    parser.add_argument("-n", "--nodaemon", action="store_true",
                        help="stay in the foreground instead of becoming a daemon")
    parser.add_argument("-o", "--no_save", action="store_true",
                        help="do not save the application on shutdown (implied by -y)")
    parser.add_argument("-l", "--logfile", metavar="FILE",
                        help="log to FILE ('-' is standard output; default: '-' with -n, "
                             "else twistd.log)")
    parser.add_argument("--pidfile", metavar="FILE", default="twistd.pid",
                        help="write the process id here ('' for none; default twistd.pid)")
    parser.add_argument("command", nargs=argparse.REMAINDER, metavar="NAME [ARGS]",
                        help="run the service of the plugin NAME, made from ARGS")
    return parser


def serviceMakers() -> dict[str, Any]:
    """The plugins ``twistd NAME`` can run, by name (``tapname``), in name order."""
    makers = {maker.tapname: maker for maker in plugin.getPlugins(service.IServiceMaker)}
    return dict(sorted(makers.items()))


def _parseOptions(argv: list[str]) -> argparse.Namespace:
    """The runner's options; a help that asks for it lists the plugins."""
    wantsHelp = any(a in ("-h", "--help") for a in argv[:_commandIndex(argv)])
    options = _parser(serviceMakers() if wantsHelp else None).parse_args(argv)
    if sum(bool(x) for x in (options.python, options.file, options.command)) != 1:
        _parser().error("give one of -y FILE, -f FILE or a plugin NAME")
    return options


def _commandIndex(argv: list[str]) -> int:
    """Where the plugin's name is in ``argv`` (its length if there is none)."""
    takesValue = {"-y", "--python", "-f", "--file", "-l", "--logfile", "--pidfile"}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in takesValue else 1
    return min(i, len(argv))


def makeApplication(name: str, args: list[str]) -> Any:
    """An application running the service the plugin ``name`` makes from ``args``."""
    maker = serviceMakers().get(name)
    if maker is None:
        sys.exit(f"{PROG}: unknown command: {name}")
    config = maker.options()
    try:
        config.parseOptions(args)
    except usage.UsageError as e:
        print(config)
        sys.exit(f"{PROG} {name}: {e}")
    application = service.Application(maker.tapname)
    maker.makeService(config).setServiceParent(application)
    return application


def loadApplication(options: argparse.Namespace) -> Any:
    """Load the application the options name; exit with a clear message if it cannot be."""
    filename, kind = (options.python, "python") if options.python else (options.file, "pickle")
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
    if options.logfile is None:
        options.logfile = "-" if options.nodaemon else "twistd.log"
    if options.pidfile:
        _checkPidfile(options.pidfile)
    if options.command:
        application = makeApplication(options.command[0], options.command[1:])
        options.no_save = True
    else:
        application = loadApplication(options)
    if not options.nodaemon:
        _daemonize()
    if options.pidfile:
        with open(options.pidfile, "w") as f:
            f.write(f"{os.getpid()}\n")
    try:
        globalLogBeginner.beginLoggingTo([_logObserver(application, options.logfile)])
        from refreactor.internet import reactor

        appLogger = UnixAppLogger()
        appLogger.started(reactor)
        service.IService(application).privilegedStartService()
        app.startApplication(application, not (options.no_save or options.python))
        reactor.run()
        appLogger.stopped()
    finally:
        if options.pidfile and os.path.exists(options.pidfile):
            os.unlink(options.pidfile)
    if reactor._exitSignal is not None:
        _exitWithSignal(reactor._exitSignal)


def _exitWithSignal(signum: int) -> None:
    """End the process by ``signum``, as Twisted's twistd does after a stopping signal."""
    sys.stdout.flush()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if __name__ == "__main__":
    run(sys.argv[1:])
