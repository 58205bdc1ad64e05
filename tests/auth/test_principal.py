"""The one permission check: courses and PII per principal (issue 7)."""

from __future__ import annotations

import pytest

from aspects.auth import (
    ANONYMOUS,
    AccessDenied,
    Kind,
    Principal,
    allowed_courses,
    can_see_course,
    can_see_pii,
    require_course,
    require_operator,
)
from aspects.auth.principal import lms_principal

A, B = "course-v1:O+A+1", "course-v1:O+B+1"


def test_course_staff_see_their_course_and_its_learners_only() -> None:
    staff = lms_principal("t", "t@x", "T", administrator=False, superuser=False, staff_courses=[A])
    assert allowed_courses(staff) == {A}
    assert can_see_course(staff, A) and not can_see_course(staff, B)
    assert can_see_pii(staff, A) and not can_see_pii(staff, B)
    require_course(staff, A)
    with pytest.raises(AccessDenied) as denied:
        require_course(staff, B)
    assert denied.value.status == 403
    with pytest.raises(AccessDenied):
        require_operator(staff)


@pytest.mark.parametrize(("administrator", "superuser"), [(True, False), (False, True)])
def test_global_staff_and_superusers_see_everything(administrator: bool, superuser: bool) -> None:
    boss = lms_principal(
        "b", "", "", administrator=administrator, superuser=superuser, staff_courses=[]
    )
    assert allowed_courses(boss) is None and can_see_course(boss, B) and can_see_pii(boss, B)
    require_operator(boss)


def test_anonymous_sees_nothing_and_is_told_to_sign_in() -> None:
    assert allowed_courses(ANONYMOUS) == frozenset()
    assert not can_see_course(ANONYMOUS, A)
    with pytest.raises(AccessDenied) as denied:
        require_course(ANONYMOUS, A)
    assert denied.value.status == 401


def test_a_token_without_pii_sees_the_course_but_not_its_learners() -> None:
    token = Principal(Kind.TOKEN, username="s", courses=frozenset({A}), pii=False)
    assert can_see_course(token, A) and not can_see_pii(token, A)
    assert token.allows_course(A) and not token.allows_course(B)  # the reports runner's hook
