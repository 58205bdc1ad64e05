"""Saved custom groups: definitions (name + filters) in the ``learner_groups`` table.

Stored in the store (migration 0004) rather than a file in the data directory: it goes with the
data it describes (backups, a second server process, the ClickHouse engine) and each test's
database is its own. Every change is a new version; the highest version of a group wins.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from aspects.groups.rules import AT_RISK, Filters
from aspects.store import Store

_COLUMNS = (
    "course_key",
    "group_id",
    "name",
    "filters",
    "created_by",
    "created_at",
    "updated_at",
    "deleted",
    "version",
)
_LATEST = """
select group_id, name, filters, created_by, created_at, updated_at
from learner_groups final
where course_key = {course_key:String} and not deleted
order by created_at, group_id
"""
MAX_NAME = 200


class GroupNameError(ValueError):
    """A group's name is missing or too long."""


@dataclass(frozen=True)
class SavedGroup:
    """One custom group's definition."""

    group_id: str
    name: str
    filters: Filters
    created_by: str
    created_at: datetime
    updated_at: datetime

    def describe(self) -> dict[str, Any]:
        """The JSON description (without members)."""
        return {
            "id": self.group_id,
            "name": self.name,
            "kind": "custom",
            "filters": dict(self.filters.raw),
            "created_by": self.created_by,
        }


def check_name(name: Any) -> str:
    """The trimmed group name.

    Raises:
        GroupNameError: when empty, not text, or longer than :data:`MAX_NAME`.
    """
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise GroupNameError(f"a group needs a 'name' of 1 to {MAX_NAME} characters")
    return name.strip()


def list_groups(store: Store, course_key: str) -> list[SavedGroup]:
    """The course's saved groups, oldest first."""
    rows = store.query_dicts(_LATEST, {"course_key": course_key})
    return [
        SavedGroup(
            row["group_id"],
            row["name"],
            Filters(orjson.loads(row["filters"])),
            row["created_by"],
            row["created_at"],
            row["updated_at"],
        )
        for row in rows
    ]


def get_group(store: Store, course_key: str, group_id: str) -> SavedGroup | None:
    """One saved group, or None."""
    return next((g for g in list_groups(store, course_key) if g.group_id == group_id), None)


def _write(store: Store, course_key: str, group: SavedGroup, deleted: bool = False) -> None:
    row = (
        course_key,
        group.group_id,
        group.name,
        orjson.dumps(dict(group.filters.raw)).decode(),
        group.created_by,
        group.created_at,
        group.updated_at,
        deleted,
        time.time_ns(),
    )
    store.insert("learner_groups", [row], _COLUMNS)


def save_group(
    store: Store,
    course_key: str,
    name: str,
    filters: Filters,
    by: str,
    group_id: str | None = None,
) -> SavedGroup:
    """Create (``group_id`` None) or replace a group's definition; returns it."""
    now = datetime.now(UTC)
    previous = get_group(store, course_key, group_id) if group_id else None
    group = SavedGroup(
        group_id or f"g-{uuid.uuid4().hex[:12]}",
        name,
        filters,
        previous.created_by if previous else by,
        previous.created_at if previous else now,
        now,
    )
    assert group.group_id != AT_RISK  # noqa: S101 - generated ids never collide with it
    _write(store, course_key, group)
    return group


def delete_group(store: Store, course_key: str, group: SavedGroup) -> None:
    """Mark a group deleted."""
    _write(store, course_key, group, deleted=True)
