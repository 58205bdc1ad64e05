"""The Principal (who asks) and the one permission check every report, export and page uses.

Issue 7: "one permission check in the query layer that every report, group, learner, CSV and
page route passes through: course membership and PII permission are decided there, not in
handlers". Everything that decides "may this principal read this course (and its learners)"
is in this module; routes, the gate middleware and the report runner all call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How the principal proved who they are."""

    SESSION = "session"  # a signed session cookie (local account or LMS sign-in)
    TOKEN = "token"  # noqa: S105 - an API token (Authorization: Bearer), read-only
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Principal:
    """Who is asking, and what they may read.

    Attributes:
        kind: session user, API token or anonymous.
        username: LMS or local username, or the token's name.
        email: e-mail address when known (LMS sign-in).
        name: full name when known.
        is_superuser: LMS ``superuser`` claim.
        is_global_staff: LMS ``administrator`` claim (global staff).
        is_operator: may see the whole instance (``/operator``, ``/metrics``).
        courses: course keys they may read; ``None`` means every course.
        pii: may see learners' names, usernames and e-mails in the courses they may read.
        source: ``local``, ``lms`` or ``token``, for audit lines.
    """

    kind: Kind
    username: str = ""
    email: str = ""
    name: str = ""
    is_superuser: bool = False
    is_global_staff: bool = False
    is_operator: bool = False
    courses: frozenset[str] | None = field(default_factory=frozenset)
    pii: bool = False
    source: str = ""

    @property
    def is_authenticated(self) -> bool:
        """False only for the anonymous principal."""
        return self.kind is not Kind.ANONYMOUS

    @property
    def all_courses(self) -> bool:
        """True when the principal may read every course of the instance."""
        return self.is_authenticated and self.courses is None

    def allows_course(self, course_key: str) -> bool:
        """The reports runner's permission hook (``run_report(permission=principal)``)."""
        return can_see_course(self, course_key)

    def allows_instance(self) -> bool:
        """The runner's hook for instance-wide reports (``/api/v1/operator``): operators."""
        return self.is_authenticated and self.is_operator

    def allows_pii(self, course_key: str) -> bool:
        """Whether this course's learners may be shown with names, usernames and e-mails."""
        return can_see_pii(self, course_key)

    def describe(self) -> dict[str, object]:
        """A JSON-able summary (``/api/v1/me``, audit lines); never a secret."""
        return {
            "kind": self.kind.value,
            "username": self.username,
            "name": self.name,
            "email": self.email,
            "source": self.source,
            "operator": self.is_operator,
            "all_courses": self.all_courses,
            "courses": sorted(self.courses or ()),
            "pii": self.pii,
        }


ANONYMOUS = Principal(Kind.ANONYMOUS, courses=frozenset())


def lms_principal(
    username: str,
    email: str,
    name: str,
    *,
    administrator: bool,
    superuser: bool,
    staff_courses: Iterable[str],
) -> Principal:
    """The principal of an LMS sign-in.

    Issue 7: superusers and global staff see every course and ``/operator``; course staff and
    instructors see their courses, with their learners.
    """
    everything = administrator or superuser
    return Principal(
        Kind.SESSION,
        username=username,
        email=email,
        name=name,
        is_superuser=superuser,
        is_global_staff=administrator,
        is_operator=everything,
        courses=None if everything else frozenset(staff_courses),
        pii=True,  # course staff see their learners in the LMS's instructor dashboard too
        source="lms",
    )


class AccessDenied(Exception):
    """The principal may not read this; ``status`` is 401 (not signed in) or 403."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def allowed_courses(principal: Principal) -> frozenset[str] | None:
    """The course keys the principal may read; ``None`` means every course."""
    if not principal.is_authenticated:
        return frozenset()
    return principal.courses


def can_see_course(principal: Principal, course_key: str) -> bool:
    """Whether the principal may read reports of ``course_key``."""
    courses = allowed_courses(principal)
    return courses is None or course_key in courses


def can_see_pii(principal: Principal, course_key: str) -> bool:
    """Whether names, usernames and e-mails of ``course_key``'s learners may be shown.

    METRICS.md, learner groups: "names appear only to users allowed to see that course's
    learners"; everyone else sees anonymous ids.
    """
    return principal.pii and can_see_course(principal, course_key)


def require_course(principal: Principal, course_key: str) -> None:
    """Raise :class:`AccessDenied` unless the principal may read ``course_key``."""
    if not principal.is_authenticated:
        raise AccessDenied(401, "sign in to read course reports")
    if not can_see_course(principal, course_key):
        raise AccessDenied(403, f"no access to course {course_key}")


def require_operator(principal: Principal) -> None:
    """Raise :class:`AccessDenied` unless the principal is an instance operator."""
    if not principal.is_authenticated:
        raise AccessDenied(401, "sign in as an operator")
    if not principal.is_operator:
        raise AccessDenied(403, "operators only")
