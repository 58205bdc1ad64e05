"""Which routes need whom: one table of path rules, applied by the gate to every request.

Issue 7, "nobody anonymous reads a report, CSV, page or the operator view". Every route of the
app must match an explicit rule (a test walks ``app.routes``), so a new route is classified the
day it is added; course-scoped paths are checked with :func:`~aspects.auth.require_course`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Policy(StrEnum):
    """What a route requires."""

    PUBLIC = "public"  # anyone: health, sign-in pages
    LRS = "lrs"  # the route checks LRS credentials itself (ERB, platform-plugin-aspects)
    USER = "user"  # any signed-in principal; answers are filtered by allowed_courses
    COURSE = "course"  # signed in, and allowed to read the course in the path
    OPERATOR = "operator"  # instance operators (superusers, global staff, --operator)


@dataclass(frozen=True)
class Rule:
    """A path pattern (matched from the start of the path) and its policy."""

    pattern: re.Pattern[str]
    policy: Policy
    api: bool  # answers JSON (401 for anonymous) rather than pages (redirect to /login)


def _rule(pattern: str, policy: Policy, api: bool) -> Rule:
    return Rule(re.compile(pattern), policy, api)


_COURSE = r"(?P<course_key>[^/]+)"
RULES: tuple[Rule, ...] = (
    _rule(r"/(healthz|readyz)$", Policy.PUBLIC, True),
    _rule(r"/xAPI(/|$)", Policy.LRS, True),
    _rule(r"/sink(/|$)", Policy.LRS, True),
    _rule(r"/api/v1/lms(/|$)", Policy.LRS, True),  # LMS rows in, with LRS credentials
    _rule(r"/(login|logout)(/|$)", Policy.PUBLIC, False),  # they check CSRF themselves
    # Browsers fetch /favicon.ico on every page, the sign-in form too: were it gated, its
    # redirect to /login would replace the form's CSRF cookie (issue 6, seen in Chromium).
    _rule(r"/(static/|favicon\.ico$)", Policy.PUBLIC, False),
    _rule(r"/metrics$", Policy.OPERATOR, True),  # unless ASPECTS_AUTH__METRICS_PUBLIC
    _rule(r"/api/v1/operator(/|$)", Policy.OPERATOR, True),
    _rule(r"/operator(/|$)", Policy.OPERATOR, False),
    _rule(rf"/api/v1/courses/{_COURSE}", Policy.COURSE, True),
    _rule(rf"/courses/{_COURSE}", Policy.COURSE, False),
    _rule(r"/api/", Policy.USER, True),
    _rule(r"/(openapi\.json|redoc|docs)", Policy.USER, True),
    _rule(r"/(account|courses/?)?$", Policy.USER, False),
)
FALLBACK = _rule(r"/", Policy.OPERATOR, False)  # unclassified: operators only, and a test fails


def rule_for(path: str) -> Rule:
    """The first rule whose pattern matches ``path``, else the fallback."""
    for rule in RULES:
        if rule.pattern.match(path):
            return rule
    return FALLBACK


def course_key_of(rule: Rule, path: str) -> str | None:
    """The course key in a course-scoped path."""
    match = rule.pattern.match(path)
    return match.group("course_key") if match and "course_key" in rule.pattern.groupindex else None


def tokens_accepted(path: str) -> bool:
    """API tokens are for ``/api/v1/…`` and ``/metrics`` only, never for pages."""
    return path.startswith("/api/") or path == "/metrics"
