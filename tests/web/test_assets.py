"""Static files: public, allow-listed, the chart script from the package (no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from aspects.web import i18n
from aspects.web.assets import STATIC_DIR
from aspects.web.rendering import _environment


def test_the_chart_script_is_served_from_the_package_to_anyone(client: TestClient) -> None:
    response = client.get("/static/charts.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    packaged = STATIC_DIR / "charts.js"
    assert response.content == packaged.read_bytes()
    assert "content-security-policy" in response.headers  # inside the access gate
    assert client.get("/static/plotly.min.js").status_code == 404  # no longer shipped


def test_only_allow_listed_names_are_served(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    # Names only: a path below /static/ never reaches the file system.
    for path in ("/static/pages.py", "/static/templates/base.html", "/static/%2e%2e/pages.py"):
        assert client.get(path, follow_redirects=False).status_code == 404, path
    assert client.get("/favicon.ico").headers["content-type"] == "image/svg+xml"


def test_pages_load_no_script_from_another_site() -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "aspects" / "web" / "templates"
    for template in root.glob("*.html"):
        text = template.read_text()
        assert "http://" not in text and "https://" not in text, template.name
        assert "<script>" not in text, template.name  # the CSP allows no inline script
    assert _environment(i18n.LOCALE_DIR, None).autoescape


def test_assets_are_gzipped_when_accepted_and_cached_by_version(client: TestClient) -> None:
    from aspects import __version__

    packaged = (STATIC_DIR / "charts.js").read_bytes()
    zipped = client.get("/static/charts.js", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert int(zipped.headers["content-length"]) < len(packaged) / 2  # JS compresses well
    assert zipped.content == packaged  # (the client decodes it)
    plain = client.get("/static/charts.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == packaged
    # The pages' URLs carry the version: cached for a year, as a new release changes them.
    versioned = client.get(f"/static/charts.js?v={__version__}")
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    other = client.get("/static/charts.js?v=0.0.0-old")
    assert other.headers["cache-control"] == "public, max-age=3600"
    # Revalidation by ETag answers 304 without a body.
    again = client.get("/static/charts.js", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
