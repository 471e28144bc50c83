"""Telling the open pages what a rebuild did, over a WebSocket, and the script that listens.

Every served HTML page gets ``SCRIPT_TAG`` (in the response only, never on disk). The script
connects to ``SOCKET_PATH``; the server sends it the build's state on arrival, then, after each
rebuild, the paths that changed (a page showing one of them reloads itself) or the build's
errors (shown over the page, which stays the last good one) and, once fixed, ``ok``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

PREFIX = "/__lore__/"
SCRIPT_PATH = PREFIX + "reload.js"
SOCKET_PATH = PREFIX + "ws"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()


def script() -> bytes:
    """Return the reload script that every served page loads."""
    return files(__package__).joinpath("reload.js").read_bytes()


def inject(page: bytes) -> bytes:
    """Return an HTML page with the reload script added at the end of its body."""
    at = page.rfind(b"</body>")
    return page[:at] + SCRIPT_TAG + page[at:] if at >= 0 else page + SCRIPT_TAG


class Hub:
    """The open pages' sockets, and the state of the last build that each newcomer is told."""

    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()
        self.state: dict[str, Any] = {"type": "ok"}

    async def endpoint(self, socket: WebSocket) -> None:
        """Keep one page's socket until it goes away (it sends nothing of interest)."""
        await socket.accept()
        self.sockets.add(socket)
        try:
            await socket.send_text(json.dumps(self.state))
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            self.sockets.discard(socket)

    async def built(self, changed: list[str], errors: list[dict] | None, output: str = "") -> None:
        """Tell every page the outcome of a rebuild: the changed paths, then errors or ``ok``."""
        if changed:
            await self.broadcast({"type": "reload", "paths": ["/" + p for p in changed]})
        state = {"type": "error", "errors": errors, "output": output} if errors is not None \
            else {"type": "ok"}
        if state != self.state:
            self.state = state
            await self.broadcast(state)

    async def broadcast(self, message: dict[str, Any]) -> None:
        """Send ``message`` to every open page; a page that went away is forgotten."""
        text = json.dumps(message)
        for socket in list(self.sockets):
            try:
                await socket.send_text(text)
            except Exception:  # a socket closed under us: its endpoint forgets it
                self.sockets.discard(socket)

    async def close(self) -> None:
        """Close every socket (the server is stopping)."""
        for socket in list(self.sockets):
            try:
                await socket.close()
            except Exception:
                pass
        self.sockets.clear()
