"""The link to a course's Aspects dashboard, from the LMS setting ``ASPECTS_DASHBOARD_URL``."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from django.conf import settings

log = logging.getLogger(__name__)

SETTING = "ASPECTS_DASHBOARD_URL"


def course_dashboard_url(course_key: object) -> str | None:
    """The Aspects course dashboard for ``course_key``, or None when the setting is unusable.

    The key is quoted whole (``:`` and ``+`` included): a ``+`` left bare in a URL is read as a
    space by some proxies and form decoders, and the Aspects server decodes the path before
    routing, so ``/courses/course-v1%3AOrg%2BC1%2B2026/`` reaches ``course-v1:Org+C1+2026``.

    Args:
        course_key: an opaque-keys ``CourseKey`` (or its string form).

    Returns:
        ``{ASPECTS_DASHBOARD_URL}/courses/{quoted key}/``, or None (a warning is logged) when the
        setting is missing, empty or not an http(s) URL — the dashboard then shows no tab rather
        than a broken one.
    """
    base = getattr(settings, SETTING, None)
    if not base or not isinstance(base, str):
        log.warning("%s is not set: the instructor dashboard shows no Analytics tab.", SETTING)
        return None
    parts = urlsplit(base)
    # Only http(s) with a host: the value lands in an href, where javascript: would run.
    if parts.scheme not in ("http", "https") or not parts.netloc:
        log.warning(
            "%s=%r is not an http(s) URL with a host: no Analytics tab is shown.", SETTING, base
        )
        return None
    return f"{base.rstrip('/')}/courses/{quote(str(course_key), safe='')}/"
