"""The HTTP side of ``lore serve``: the built site's files, GET and HEAD only, never outside it.

A Starlette application served by Uvicorn: Starlette's ``StaticFiles`` resolves each path inside
the site (``..``, encoded or not, and symbolic links leading out of the tree give 404) and
refuses other methods (405); HTML pages are sent with the reload script added.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from lore.site.serve import reload

# Each request asks again: a reload must show the rebuilt page, style and image, never a cached one.
REVALIDATE = {"Cache-Control": "no-cache"}


class SiteFiles(StaticFiles):
    """The site's files, HTML pages with the reload script; always revalidated."""

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result,
                      scope, status_code: int = 200) -> Response:
        """Send a page with the reload script added, any other file as it is on disk."""
        if str(full_path).endswith(".html"):
            page = reload.inject(Path(full_path).read_bytes())
            return Response(page, status_code, headers=REVALIDATE, media_type="text/html")
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(REVALIDATE)
        return response


async def reload_script(request: Request) -> Response:
    """Send the script that reloads a page and shows build errors."""
    return Response(reload.script(), headers=REVALIDATE, media_type="text/javascript")


def application(site: Path, hub: reload.Hub) -> Starlette:
    """Return the application serving the site folder ``site``, with ``hub``'s socket."""
    return Starlette(routes=[
        Route(reload.SCRIPT_PATH, reload_script, methods=["GET", "HEAD"]),
        WebSocketRoute(reload.SOCKET_PATH, hub.endpoint),
        Mount("/", app=SiteFiles(directory=site, html=True, check_dir=False)),
    ])
