"""``insert_rows``: the one validation and write path for the five event_sink tables."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from aspects.lms.sink import TABLES, RowError, UnknownTable, insert_rows
from aspects.store import Store
from tests.lms import factories as f

LATER = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)


def test_the_five_tables_have_the_serializer_columns_in_order() -> None:
    # Written out from platform_plugin_aspects/sinks/serializers.py (Meta.fields + dump columns)
    # and XBlockSink.serialize_xblock (course_blocks).
    dump = ["dump_id", "time_last_dumped"]
    assert {name: list(t.names) for name, t in TABLES.items()} == {
        "course_overviews": [
            "org", "course_key", "display_name", "course_start", "course_end",
            "enrollment_start", "enrollment_end", "self_paced", "course_data_json", "created",
            "modified", *dump,
        ],
        "course_blocks": [
            "org", "course_key", "location", "display_name", "xblock_data_json", "order",
            "edited_on", *dump,
        ],
        "course_enrollment": [
            "id", "course_key", "created", "is_active", "mode", "username", "user_id", *dump,
        ],
        "external_id": ["external_user_id", "external_id_type", "username", "user_id", *dump],
        "user_profile": [
            "id", "user_id", "name", "username", "email", "meta", "courseware", "language",
            "location", "year_of_birth", "gender", "level_of_education", "mailing_address",
            "city", "country", "state", "goals", "bio", "profile_image_uploaded_at",
            "phone_number", *dump,
        ],
    }  # fmt: skip


def test_the_store_tables_have_the_same_columns_in_the_same_order(store: Store) -> None:
    for name, table in TABLES.items():
        rows = store.query(
            "select name from system.columns where database = currentDatabase() "
            "and table = {t:String} and default_kind != 'MATERIALIZED' order by position",
            {"t": name},
        )
        assert tuple(r[0] for r in rows) == table.names


def test_every_table_takes_a_serializer_shaped_row_with_typed_values(store: Store) -> None:
    for name, make in f.ONE_ROW.items():
        assert insert_rows(store, name, [make()]).accepted == 1, name
    overview = store.query_dicts("select * from latest_course_overviews")[0]
    assert overview["course_start"] == datetime(2026, 1, 5)
    assert overview["enrollment_start"] == datetime(2025, 12, 1)
    assert overview["course_end"] is None
    assert overview["modified"] == datetime(2026, 1, 9, 17, 0, 0, 500000)
    assert overview["self_paced"] is True
    profile = store.query_dicts("select * from latest_user_profile")[0]
    assert profile["year_of_birth"] is None
    assert profile["mailing_address"] == ""
    assert profile["goals"] == 'Learn, "compute"\nand write'
    external = store.query_dicts("select * from latest_external_id")[0]
    assert external["external_user_id"] == uuid.UUID(f.EXTERNAL)
    assert external["time_last_dumped"] == datetime(2026, 1, 10, 9, 30, 0, 123456)


def test_several_dumps_of_the_same_objects_keep_the_latest(store: Store) -> None:
    insert_rows(store, "course_overviews", [f.overview()])
    insert_rows(
        store, "course_overviews", [f.overview(display_name="Renamed", time_last_dumped=LATER)]
    )
    # An older dump arriving late (a retry) does not win.
    insert_rows(
        store,
        "course_overviews",
        [f.overview(display_name="Old", time_last_dumped=datetime(2025, 1, 1))],
    )
    insert_rows(
        store,
        "course_enrollment",
        [f.enrollment(), f.enrollment(is_active=False, mode="audit", time_last_dumped=LATER)],
    )
    insert_rows(
        store, "user_profile", [f.profile(), f.profile(name="Ada King", time_last_dumped=LATER)]
    )
    insert_rows(
        store,
        "external_id",
        [f.external_id(), f.external_id(username="ada2", time_last_dumped=LATER)],
    )
    assert store.query("select display_name from latest_course_overviews") == [("Renamed",)]
    assert store.query("select is_active, mode from latest_course_enrollment") == [(False, "audit")]
    assert store.query("select name from latest_user_profile") == [("Ada King",)]
    assert store.query("select username from latest_external_id") == [("ada2",)]
    assert store.query("select count() from course_overviews")[0][0] == 3  # kept, not read


def test_the_latest_course_blocks_dump_wins_and_drops_deleted_blocks(store: Store) -> None:
    first = uuid.UUID(int=10)
    second = uuid.UUID(int=11)
    insert_rows(store, "course_blocks", [
        f.block("chapter", "w1", "Week 1", (1, 0, 0), 2, dump_id=first),
        f.block("problem", "p1", "Old name", (1, 0, 0), 3, dump_id=first),
        f.block("video", "gone", "Deleted video", (1, 0, 0), 4, dump_id=first),
    ])  # fmt: skip
    insert_rows(store, "course_blocks", [
        f.block("chapter", "w1", "Week 1", (1, 0, 0), 2, dump_id=second, dumped=LATER),
        f.block("problem", "p1", "New name", (1, 0, 0), 3, dump_id=second, dumped=LATER),
    ])  # fmt: skip
    rows = store.query("select location, display_name from latest_course_blocks order by `order`")
    assert rows == [(f.key("chapter", "w1"), "Week 1"), (f.key("problem", "p1"), "New name")]


def test_course_blocks_parse_the_block_json_once_into_columns(store: Store) -> None:
    insert_rows(store, "course_blocks", [f.block("problem", "p", "P", (2, 3, 4), 9, graded=1)])
    row = store.query_dicts(
        "select block_type, section, subsection, unit, graded, detached, completion_mode "
        "from latest_course_blocks"
    )[0]
    assert row == {
        "block_type": "problem", "section": 2, "subsection": 3, "unit": 4, "graded": True,
        "detached": False, "completion_mode": "completable",
    }  # fmt: skip


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_load(store: Store) -> None:
    rows = [
        f.enrollment(),
        f.enrollment(user_id="seven", is_active="maybe"),
        f.enrollment(id=42, user_id=8, created="yesterday"),
        f.enrollment(id=43, user_id=9, course_key=""),
        {**f.enrollment(id=44, user_id=10), "colour": "red"},
        "not a row",
    ]
    result = insert_rows(store, "course_enrollment", rows)  # type: ignore[arg-type]
    assert result.accepted == 1
    assert result.errors == [
        RowError(2, "is_active", "expected true/false, got 'maybe'"),
        RowError(2, "user_id", "expected an integer, got 'seven'"),
        RowError(3, "created", "expected an ISO 8601 date-time, got 'yesterday'"),
        RowError(4, "course_key", "must not be empty"),
        RowError(5, "colour", "unknown column"),
        RowError(6, "", "expected an object, got str"),
    ]
    assert store.query("select id from course_enrollment") == [(41,)]


def test_block_json_without_positions_or_type_is_refused(store: Store) -> None:
    no_type = {**f.block("video", "v", "V", (1, 1, 1), 2), "xblock_data_json": '{"section": 1}'}
    bad_unit = {
        **f.block("video", "v", "V", (1, 1, 1), 2),
        "xblock_data_json": '{"block_type": "video", "section": 1, "subsection": 1, "unit": "x"}',
    }
    not_json = {**f.block("video", "v", "V", (1, 1, 1), 2), "xblock_data_json": "{oops"}
    result = insert_rows(store, "course_blocks", [no_type, bad_unit, not_json])
    assert result.accepted == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (1, "xblock_data_json"), (2, "xblock_data_json"), (3, "xblock_data_json"),
    ]  # fmt: skip
    assert result.errors[0].message == "block_type is missing"
    assert result.errors[1].message == "unit must be a non-negative integer, got 'x'"


def test_atomic_writes_nothing_when_one_row_is_bad(store: Store) -> None:
    result = insert_rows(
        store, "external_id", [f.external_id(), f.external_id(user_id=None)], atomic=True
    )
    assert result.accepted == 0
    assert result.errors == [RowError(2, "user_id", "a value is required")]
    assert store.query("select count() from external_id")[0][0] == 0


def test_missing_required_columns_are_errors_and_optional_ones_take_defaults(store: Store) -> None:
    result = insert_rows(
        store, "course_overviews", [{"course_key": f.COURSE}, {"self_paced": False}]
    )
    assert result.errors == [
        RowError(1, "self_paced", "missing column"),
        RowError(2, "course_key", "missing column"),
    ]
    result = insert_rows(
        store,
        "course_overviews",
        [
            {"course_key": f.COURSE, "self_paced": 0},
            {"course_key": "course-v1:O+X+1", "self_paced": "false"},
        ],
    )
    assert result.accepted == 2
    rows = store.query(
        "select display_name, course_data_json, course_start, toString(dump_id), "
        "time_last_dumped from course_overviews"
    )
    assert {r[:3] for r in rows} == {("", "{}", None)}
    assert len({r[3] for r in rows}) == 1 and len({r[4] for r in rows}) == 1  # one dump per call


def test_an_unknown_table_is_refused_by_name() -> None:
    with pytest.raises(UnknownTable, match="course_overviews, course_blocks"):
        insert_rows(None, "auth_user", [])  # type: ignore[arg-type]
