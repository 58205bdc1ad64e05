"""The five event_sink tables: their columns, in order, and what each column accepts.

Column names and order are the community's, looked up in openedx/platform-plugin-aspects
(``platform_plugin_aspects/sinks/serializers.py``: the ``Meta.fields`` lists plus
``BaseSinkSerializer``'s ``dump_id, time_last_dumped``; ``course_overview_sink.py``
``XBlockSink.serialize_xblock`` for course_blocks) and confirmed against openedx/xapi-db-load's
csv backend (``xapi_db_load/backends/csv.py``) and tutor-contrib-aspects' ClickHouse DDL.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a column accepts and how an empty value is read."""

    TEXT = "text"  # String; None and "" are "" (csv writes None as "")
    KEY = "key"  # String that identifies the row: must not be empty
    INT = "int"  # Int64, required
    OPT_INT = "opt_int"  # Nullable(Int64); "" is NULL
    BOOL = "bool"  # Bool: true/false/True/False/1/0
    UUID = "uuid"
    TIME = "time"  # DateTime64(6, 'UTC'), required
    OPT_TIME = "opt_time"  # Nullable(DateTime64(6, 'UTC')); "", "None" are NULL
    JSON = "json"  # a JSON object kept as text
    BLOCK_JSON = "block_json"  # xblock_data_json: a JSON object with block_type and positions


@dataclass(frozen=True)
class Column:
    """One column of an event_sink table."""

    name: str
    kind: Kind


@dataclass(frozen=True)
class Table:
    """One event_sink table: its name and columns in the serializer's order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)


def _table(name: str, *columns: tuple[str, Kind]) -> Table:
    # BaseSinkSerializer appends dump_id and time_last_dumped to every serializer's fields.
    dump = (("dump_id", Kind.UUID), ("time_last_dumped", Kind.TIME))
    return Table(name, tuple(Column(n, k) for n, k in (*columns, *dump)))


T = Kind.TEXT
COURSE_OVERVIEWS = _table(
    "course_overviews",
    ("org", T),
    ("course_key", Kind.KEY),
    ("display_name", T),
    ("course_start", Kind.OPT_TIME),
    ("course_end", Kind.OPT_TIME),
    ("enrollment_start", Kind.OPT_TIME),
    ("enrollment_end", Kind.OPT_TIME),
    ("self_paced", Kind.BOOL),
    ("course_data_json", Kind.JSON),
    ("created", Kind.OPT_TIME),
    ("modified", Kind.OPT_TIME),
)
COURSE_BLOCKS = _table(
    "course_blocks",
    ("org", T),
    ("course_key", Kind.KEY),
    ("location", Kind.KEY),
    ("display_name", T),
    ("xblock_data_json", Kind.BLOCK_JSON),
    ("order", Kind.INT),
    ("edited_on", Kind.OPT_TIME),
)
COURSE_ENROLLMENT = _table(
    "course_enrollment",
    ("id", Kind.INT),
    ("course_key", Kind.KEY),
    ("created", Kind.OPT_TIME),
    ("is_active", Kind.BOOL),
    ("mode", T),
    ("username", T),
    ("user_id", Kind.INT),
)
EXTERNAL_ID = _table(
    "external_id",
    ("external_user_id", Kind.UUID),
    ("external_id_type", T),
    ("username", T),
    ("user_id", Kind.INT),
)
USER_PROFILE = _table(
    "user_profile",
    ("id", Kind.INT),
    ("user_id", Kind.INT),
    ("name", T),
    ("username", T),
    ("email", T),
    ("meta", T),
    ("courseware", T),
    ("language", T),
    ("location", T),
    ("year_of_birth", Kind.OPT_INT),
    ("gender", T),
    ("level_of_education", T),
    ("mailing_address", T),
    ("city", T),
    ("country", T),
    ("state", T),
    ("goals", T),
    ("bio", T),
    ("profile_image_uploaded_at", Kind.OPT_TIME),
    ("phone_number", T),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (COURSE_OVERVIEWS, COURSE_BLOCKS, COURSE_ENROLLMENT, EXTERNAL_ID, USER_PROFILE)
}
