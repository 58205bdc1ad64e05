"""Static files under ``/static/``: our CSS and JS, charts included (``charts.js``).

DESIGN.md, dashboards: no CDN (LMS networks are often closed), so everything a page loads is
served from the package. Charts are our own SVG (``charts.js``, 21 kB): Plotly.js took about a
second of script evaluation on every page load (docs/benchmarks.md). An allow-list of names (no
path from the URL ever reaches the file system). Served by a small ASGI layer, as WhiteNoise
does, inside the access gate, which classifies ``/static/`` as public (:mod:`aspects.auth.policy`).
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse, PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/static/"
STATIC_DIR = Path(__file__).parent / "static"
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
FAVICON = "/favicon.ico"  # browsers ask for it unprompted; an SVG answers (Chromium, Firefox)


def asset_files() -> dict[str, Path]:
    """Every servable name → its file: our static folder."""
    return {p.name: p for p in STATIC_DIR.iterdir() if p.suffix in _TYPES}


class StaticAssets:
    """Answer ``GET /static/<name>`` (and ``/favicon.ico``); pass everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.files = asset_files()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve an allow-listed file, 404 another ``/static/`` name, else the app."""
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == FAVICON:
            path = PREFIX + "favicon.svg"
        if not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        file = self.files.get(path.removeprefix(PREFIX))
        if file is None or scope["method"] not in ("GET", "HEAD"):
            await PlainTextResponse("not found", 404)(scope, receive, send)
            return
        response = FileResponse(
            file,
            media_type=_TYPES[file.suffix],
            headers={"Cache-Control": "public, max-age=3600"},
        )
        await response(scope, receive, send)
