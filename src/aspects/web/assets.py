"""Static files under ``/static/``: our CSS and JS, charts included (``charts.js``).

DESIGN.md, dashboards: no CDN (LMS networks are often closed), so everything a page loads is
served from the package. Charts are our own SVG (``charts.js``, 21 kB): Plotly.js took about a
second of script evaluation on every page load (docs/benchmarks.md). An allow-list of names (no
path from the URL ever reaches the file system). Served by a small ASGI layer, as WhiteNoise
does, inside the access gate, which classifies ``/static/`` as public (:mod:`aspects.auth.policy`).

Each file is read and gzipped once, at start: a browser that accepts gzip gets the smaller
body. The pages ask for ``/static/<name>?v=<version>``: such a request is cached for a year
(``immutable``: a new release changes the URL); any other for an hour, revalidated by ETag.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from aspects import __version__

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


YEAR_S = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    """A static file's bytes, gzipped too, with its type and ETag."""

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str

    @classmethod
    def read(cls, path: Path) -> Asset:
        """Read and compress ``path`` (once, at start)."""
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        return cls(body, gzip.compress(body, 9, mtime=0), _TYPES[path.suffix], etag)


class StaticAssets:
    """Answer ``GET /static/<name>`` (and ``/favicon.ico``); pass everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.files = {name: Asset.read(path) for name, path in asset_files().items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve an allow-listed file, 404 another ``/static/`` name, else the app."""
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == FAVICON:
            path = PREFIX + "favicon.svg"
        if not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        asset = self.files.get(path.removeprefix(PREFIX))
        if asset is None or scope["method"] not in ("GET", "HEAD"):
            await PlainTextResponse("not found", 404)(scope, receive, send)
            return
        await _answer(asset, scope)(scope, receive, send)


def _answer(asset: Asset, scope: Scope) -> Response:
    """The asset as this request may take it: cached by version, gzipped when accepted."""
    request = Headers(scope=scope)
    versioned = parse_qs(scope.get("query_string", b"").decode()).get("v") == [__version__]
    headers = {
        "Cache-Control": f"public, max-age={YEAR_S}, immutable"
        if versioned
        else "public, max-age=3600",
        "ETag": asset.etag,
        "Vary": "Accept-Encoding",
    }
    if request.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    body = asset.body
    if "gzip" in request.get("accept-encoding", "") and len(asset.gzipped) < len(body):
        body, headers["Content-Encoding"] = asset.gzipped, "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)
