"""The courses a user is staff of, from the LMS course list API, every page, cached briefly.

``GET {LMS}/api/courses/v1/courses/?permissions=staff&username=U`` with ``Authorization: JWT``
answers ``{"results": [...], "pagination": {"next": url-or-null, ...}}``. Issue 7: read every
page (the system we replace reads only the first, so staff of many courses lose access).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import httpx

from aspects.lms.oauth import LmsOAuth, LmsRefused, LmsUnavailable

MAX_PAGES = 1000  # 10 per page by default: 10 000 courses, far beyond any staff member's


async def fetch_staff_courses(lms: LmsOAuth, username: str, token: str) -> frozenset[str]:
    """Every course key ``username`` is staff (or instructor) of.

    Raises:
        LmsUnavailable: the LMS is down or failing (no access is granted then).
        LmsRefused: the LMS refused the token (expired or revoked).
    """
    url: str | None = f"{lms.base}/api/courses/v1/courses/"
    params: dict[str, str] | None = {"permissions": "staff", "username": username}
    headers = {"Authorization": f"JWT {token}", "Accept": "application/json"}
    keys: set[str] = set()
    async with lms.http() as client:
        for _ in range(MAX_PAGES):
            if url is None:
                return frozenset(keys)
            try:
                response = await client.get(
                    _same_origin(lms.base, url), params=params, headers=headers
                )
            except httpx.HTTPError as exc:
                raise LmsUnavailable(f"the LMS did not answer: {type(exc).__name__}") from exc
            if response.status_code in (401, 403):
                raise LmsRefused(f"the LMS refused the token ({response.status_code})")
            if response.status_code != 200:
                raise LmsUnavailable(f"the LMS course list answered {response.status_code}")
            page = response.json()
            for course in page.get("results", []):
                key = course.get("course_id") or course.get("id")
                if key:
                    keys.add(str(key))
            url = (page.get("pagination") or {}).get("next")
            params = None  # the next link carries the query
    raise LmsUnavailable("the LMS course list did not end")


def _same_origin(base: str, url: str) -> str:
    """``url`` on the configured LMS origin.

    The token is never sent to another host, even when the LMS builds its ``next`` links with
    a different (public) host name.
    """
    target, origin = urlsplit(url), urlsplit(base)
    return urlunsplit((origin.scheme, origin.netloc, target.path, target.query, ""))


class CourseCache:
    """Course lists per username, trusted for ``ttl_s`` seconds (DESIGN: "cached briefly")."""

    def __init__(self, ttl_s: float) -> None:
        self._ttl = ttl_s
        self._entries: dict[str, tuple[float, frozenset[str]]] = {}

    async def courses(self, lms: LmsOAuth, username: str, token: str) -> frozenset[str]:
        """The cached list, or a fresh one read from the LMS once it has expired."""
        entry = self._entries.get(username)
        if entry and entry[0] > time.monotonic():
            return entry[1]
        courses = await fetch_staff_courses(lms, username, token)
        self._entries[username] = (time.monotonic() + self._ttl, courses)
        return courses

    def forget(self, username: str) -> None:
        """Drop a user's list (sign-out)."""
        self._entries.pop(username, None)
