"""``lore serve``: the site, live: rebuilt on every save, open pages reloaded, errors shown."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import threading
from pathlib import Path

import uvicorn

from lore.site.build import terminal_say
from lore.site.serve import server, watcher
from lore.site.serve.reload import Hub
from lore.site.serve.session import BUILD_THREAD, Session
from lore.site.serve.warm import WarmChildren

# How long stopping waits for open connections (pages' sockets) before closing them.
GRACE_SECONDS = 1


async def serve(root: Path, out: Path, host: str, port: int, strict: bool, say) -> int:
    """Build, serve and watch until interrupted; return the exit status."""
    children = WarmChildren()
    session = Session(root, out, Hub(), say, strict, children)
    watching = watcher.Watcher(session.inputs)
    watching.start()  # a save during the first build is rebuilt right after it
    try:
        say(f"[serve] building {', '.join(session.languages)}")
        await session.rebuild(session.languages)
        return await serve_site(session, watching, host, port, say)
    finally:
        await watching.close()
        children.close()


async def serve_site(session: Session, watching: watcher.Watcher, host: str, port: int,
                     say) -> int:
    """Serve the built site and rebuild on each batch of saves until interrupted."""
    web = uvicorn.Server(uvicorn.Config(
        server.application(session.out, session.hub), host=host, port=port,
        log_level="warning", lifespan="off", ws="websockets-sansio",
        timeout_graceful_shutdown=GRACE_SECONDS))
    serving = asyncio.create_task(web.serve())
    while not web.started and not serving.done():
        await asyncio.sleep(0.02)
    if serving.done():  # could not listen (the port is taken): Uvicorn said why
        return 2
    bound = web.servers[0].sockets[0].getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    say(f"[serve] serving {session.out} at http://{shown}:{bound[1]}/ "
        "(Ctrl-C to stop)")
    following = asyncio.create_task(session.follow(watching.batches()))
    try:
        await asyncio.wait({serving, following}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        web.should_exit = True
        await session.hub.close()
        following.cancel()
        await asyncio.gather(serving, following, return_exceptions=True)
    if following.done() and not following.cancelled() and following.exception():
        raise following.exception()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` sub-command to the ``lore`` command line."""
    parser = sub.add_parser(
        "serve", help="build, serve and rebuild the site on every save, reloading open pages",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the site as `lore build` does (HTML), serve it, and watch the pages, "
                    "listings, images, catalogs, terminology and conf.py: each save rebuilds "
                    "what it touches (a catalog: its language only) and every open page it "
                    "changed reloads itself. A failed build is shown over the last good page.",
        epilog="examples:\n"
               "  lore serve                      # http://127.0.0.1:8000/\n"
               "  lore serve --port 0             # any free port (the URL is printed)\n"
               "  lore serve --host 0.0.0.0       # reachable from other machines too")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000,
                        help="port to listen on; 0 picks a free one (default: 8000)")
    parser.add_argument("-o", "--output", default="_build/html", help="build folder")
    parser.add_argument("--allow-warnings", action="store_true",
                        help="print Sphinx's warnings without failing the build (no -W)")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Run ``lore serve`` from the current folder."""
    root = Path.cwd()
    say = terminal_say()
    try:
        status = asyncio.run(serve(root, root / args.output, args.host, args.port,
                                   not args.allow_warnings, say))
    except KeyboardInterrupt:  # Ctrl-C: during the first build, or re-raised by Uvicorn
        status = 0
    say("[serve] stopped")
    if any(thread.name == BUILD_THREAD and thread.is_alive()
           for thread in threading.enumerate()):
        # A build is running: do not wait for it. Its sphinx-build processes are told to stop
        # as Ctrl-C tells a terminal's job (when this process leads its group, as a command
        # typed in a shell does); the served copy holds only whole builds.
        if os.getpgrp() == os.getpid():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.killpg(os.getpgrp(), signal.SIGINT)
        sys.stdout.flush()
        os._exit(status)
    return status
