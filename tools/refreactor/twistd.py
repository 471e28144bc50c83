"""``python -m refreactor.twistd``: run an application, in the manner of Twisted's twistd.

    python -m refreactor.twistd -n -y app.py     # a Python file defining ``application``
    python -m refreactor.twistd -n -f app.tap    # an application saved as a pickle

The application's services start, the reactor runs until SIGINT/SIGTERM (or ``reactor.stop``),
the services stop and an application loaded with ``-f`` is saved as ``NAME-shutdown.tap``
(unless ``-o``; ``-y`` implies ``-o``, as in Twisted). A runner stopped by a signal ends by
raising that signal again, so its parent sees how it ended. ``twisted.*`` imports are mapped
onto ``refreactor.*`` for this process.

Security: ``-f`` unpickles the file, which runs code it names. Only load ``.tap`` files you
made or trust.

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
from refreactor.application import app, service
from refreactor.logger import globalLogBeginner, textFileLogObserver
from refreactor.python import log


def _parser() -> argparse.ArgumentParser:
    """The command line of the runner."""
    parser = argparse.ArgumentParser(
        prog="python -m refreactor.twistd",
        description="Run an application (a .py/.tac file or a saved .tap) on refreactor.",
        epilog="A .tap file is a pickle: loading it runs code. Load only trusted files.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
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
    return parser


def loadApplication(options: argparse.Namespace) -> Any:
    """Load the application the options name; exit with a clear message if it cannot be."""
    filename, kind = (options.python, "python") if options.python else (options.file, "pickle")
    try:
        return service.loadApplication(filename, kind)
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


def run(argv: list[str]) -> None:
    """Load the application, run it until shutdown, save it unless ``-o``."""
    options = _parser().parse_args(argv)
    if options.logfile is None:
        options.logfile = "-" if options.nodaemon else "twistd.log"
    if options.pidfile:
        _checkPidfile(options.pidfile)
    aliasing.install()
    application = loadApplication(options)
    if not options.nodaemon:
        _daemonize()
    if options.pidfile:
        with open(options.pidfile, "w") as f:
            f.write(f"{os.getpid()}\n")
    try:
        # As Twisted's twistd: the structured log's text format, RFC 3339 timestamps.
        globalLogBeginner.beginLoggingTo([textFileLogObserver(_openLog(options.logfile))])
        from refreactor.internet import reactor

        log.msg(f"refreactor twistd starting up, reactor class: {type(reactor).__qualname__}")
        service.IService(application).privilegedStartService()
        app.startApplication(application, not (options.no_save or options.python))
        reactor.run()
        log.msg("Server Shut Down.")
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
