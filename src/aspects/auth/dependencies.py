"""FastAPI dependencies: the request's principal, and a course grant checked in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from aspects.auth.principal import (
    ANONYMOUS,
    AccessDenied,
    Principal,
    can_see_pii,
    require_course,
    require_operator,
)


def current_principal(request: Request) -> Principal:
    """The principal the gate resolved for this request (anonymous when none)."""
    principal = getattr(request.state, "principal", None)
    return principal if isinstance(principal, Principal) else ANONYMOUS


@dataclass(frozen=True)
class CourseGrant:
    """Permission to read one course, and whether its learners' PII may be shown."""

    principal: Principal
    course_key: str
    pii: bool


def course_grant(course_key: str, request: Request) -> CourseGrant:
    """Dependency for every ``{course_key}`` route: 401/403 unless the principal may read it.

    Raises:
        HTTPException: 401 when not signed in, 403 for another course.
    """
    principal = current_principal(request)
    try:
        require_course(principal, course_key)
    except AccessDenied as denied:
        raise HTTPException(denied.status, denied.message) from None
    return CourseGrant(principal, course_key, can_see_pii(principal, course_key))


def operator(request: Request) -> Principal:
    """Dependency for operator routes.

    Raises:
        HTTPException: 401 when not signed in, 403 for non-operators.
    """
    principal = current_principal(request)
    try:
        require_operator(principal)
    except AccessDenied as denied:
        raise HTTPException(denied.status, denied.message) from None
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]
CourseDep = Annotated[CourseGrant, Depends(course_grant)]
OperatorDep = Annotated[Principal, Depends(operator)]
