"""Access: who is asking (a Principal) and the one check of what they may read (issue 7)."""

from aspects.auth.principal import (
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

__all__ = [
    "ANONYMOUS",
    "AccessDenied",
    "Kind",
    "Principal",
    "allowed_courses",
    "can_see_course",
    "can_see_pii",
    "require_course",
    "require_operator",
]
