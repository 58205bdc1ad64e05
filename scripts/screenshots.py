"""The README's screenshots: every page of a demo deployment in Chromium, at 1280 and 768 px.

    .venv/bin/python scripts/screenshots.py --data-dir ./aspects-demo [--out docs/screenshots]

Runs a real ``aspects serve`` on a data directory made by ``aspects demo`` (benchmarks'
``Server``), adds a throw-away local account for a course author (the largest course), one
without PII, and an operator, signs in through the form, and writes ``<page>.png`` (1280 px)
and ``<page>-768.png`` for: the course list, the course dashboard, the at-risk group, one
learner, the group form, the operator page, the sign-in form, and the page a course author
gets for another course.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from playwright.sync_api import sync_playwright  # noqa: E402

from reports import Server, aspects  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"": 1280, "-768": 768}


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    """Through the real sign-in form."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shoot(page: Any, url: str, path: Path, ready: str | None) -> None:
    """Open ``url``, wait for its ``ready`` root (``data-state=ready``), save a full page."""
    page.goto(url)
    if ready:
        page.wait_for_selector(f"{ready}[data-state=ready]", timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


def main() -> None:
    """Take every screenshot (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    operator = f"shots-operator-{secrets.token_hex(3)}"
    aspects("user", "add", "--username", operator, "--password", password, "--operator",
            data_dir=data_dir)  # fmt: skip
    server = Server(data_dir)
    made = [operator]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            sign_in(page, server.url, operator, password)
            courses = page.request.get(f"{server.url}/api/v1/courses").json()["rows"]
            ordered = sorted(courses, key=lambda r: -(r["enrollees"] or 0))
            course, other = ordered[0]["course_key"], ordered[-1]["course_key"]
            members = page.request.get(
                f"{server.url}/api/v1/courses/{quote(course, safe=':+')}/groups/at-risk/learners"
            ).json()["rows"]
            author = f"shots-author-{secrets.token_hex(3)}"
            aspects("user", "add", "--username", author, "--password", password, "--course",
                    course, data_dir=data_dir)  # fmt: skip
            made.append(author)
            key = quote(course, safe="")
            pages = {
                "courses": (f"{server.url}/", None),
                "course-dashboard": (f"{server.url}/courses/{key}/", "#dashboard"),
                "at-risk-group": (f"{server.url}/courses/{key}/groups/at-risk", "#group-page"),
                "learner": (
                    f"{server.url}/courses/{key}/learners/{quote(members[0]['anonymous_id'])}/",
                    "#learner-page",
                ),
                "group-form": (f"{server.url}/courses/{key}/groups/new", None),
                "operator": (f"{server.url}/operator", "#operator"),
            }
            for suffix, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                for name, (url, ready) in pages.items():
                    shoot(page, url, args.out / f"{name}{suffix}.png", ready)
                    print(f"{name}{suffix}.png", flush=True)
            # As a course author: the sign-in form, then another course's address.
            author_context = browser.new_context(viewport={"width": 1280, "height": 900})
            author_page = author_context.new_page()
            author_page.goto(f"{server.url}/login")
            author_page.screenshot(path=str(args.out / "sign-in.png"), full_page=True)
            sign_in(author_page, server.url, author, password)
            author_page.goto(f"{server.url}/courses/{quote(other, safe='')}/")
            author_page.screenshot(path=str(args.out / "no-access.png"), full_page=True)
            print("sign-in.png, no-access.png", flush=True)
            browser.close()
    finally:
        server.stop()
        for user in made:
            aspects("user", "remove", user, data_dir=data_dir)


if __name__ == "__main__":
    main()
