"""Signing in through the real login form, and the two courses of the access tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from aspects.auth.accounts import add_account
from aspects.auth.files import users_path
from aspects.settings import Settings

COURSE_A = "course-v1:OrgA+A1+2026"
COURSE_B = "course-v1:OrgB+B1+2026"
PASSWORD = "correct horse battery"


def add_user(
    settings: Settings, username: str, *courses: str, operator: bool = False, pii: bool = True
) -> None:
    """A local account with a fast bcrypt cost."""
    add_account(
        users_path(settings),
        username,
        PASSWORD,
        operator=operator,
        courses=courses,
        pii=pii,
        rounds=4,
    )


def csrf_of(html: str) -> str:
    """The CSRF token of the form in a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next_url: str = "") -> int:
    """GET the form, POST it with its CSRF token; returns the POST's status (303 when good)."""
    form = client.get("/login" + (f"?next={next_url}" if next_url else ""))
    assert form.status_code == 200
    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": username,
            "password": password,
            "next": next_url,
        },
        follow_redirects=False,
    )
    return response.status_code
