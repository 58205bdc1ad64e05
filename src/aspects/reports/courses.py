"""The course list (``GET /api/v1/courses``): courses with statements, as the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aspects.models import load_sql
from aspects.reports.run import Permission
from aspects.store import Store

COLUMNS = ("course_key", "name", "org", "run", "enrollees", "last_activity")


@dataclass(frozen=True)
class CourseRow:
    """One course: its key, LMS display name (None without LMS data), org, run and activity."""

    course_key: str
    name: str | None
    org: str
    run: str
    enrollees: int
    last_activity: datetime | None


def _names(store: Store) -> dict[str, str]:
    """Display names from the LMS course overviews (none before any LMS data arrives)."""
    return {
        r["course_key"]: r["name"] for r in store.query_dicts(load_sql("enrollment/course_names"))
    }


def course_name(store: Store, course_key: str) -> str | None:
    """One course's display name from the LMS overviews, or None without one."""
    rows = store.query(load_sql("enrollment/course_name"), {"course_key": course_key})
    return rows[0][0] if rows else None


def list_courses(store: Store, permission: Permission | None = None) -> list[CourseRow]:
    """Every course with at least one statement, filtered by the permission hook."""
    names = _names(store)
    rows = store.query_dicts(load_sql("enrollment/courses"))
    return [
        CourseRow(
            r["course_key"],
            names.get(r["course_key"]) or None,
            r["org"],
            r["run"],
            r["enrollees"],
            r["last_activity"],
        )
        for r in rows
        if permission is None or permission.allows_course(r["course_key"])
    ]
