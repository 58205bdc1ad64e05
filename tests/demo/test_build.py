"""The demo through the real ingest path into the store: counts, columns, at-risk, reruns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aspects.demo.build import DemoSummary, anchor, build_demo
from aspects.demo.command import ensure_lrs_user
from aspects.ingest.credentials import list_credentials
from aspects.settings import Settings
from aspects.store import Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
UNREGISTERED = "http://id.tincanapi.com/verb/unregistered"

# METRICS.md, "At-risk learners": current enrollees, no visit for >= 7 days, not passed, engaged
# beyond the course home page. Written here from the definition, not taken from the code.
AT_RISK = """
with
enrollment as (
    select actor_id, course_key,
           argMax(verb_id, (emission_time, stored, event_id)) as latest
    from statements
    where verb_id in ('http://adlnet.gov/expapi/verbs/registered',
                      'http://id.tincanapi.com/verb/unregistered')
    group by actor_id, course_key
),
visits as (
    select actor_id, course_key, max(emission_time) as last_visit,
           countIf(verb_id in ('https://w3id.org/xapi/dod-isd/verbs/navigated',
                               'https://w3id.org/xapi/acrossx/verbs/evaluated',
                               'https://w3id.org/xapi/acrossx/verbs/posted',
                               'https://w3id.org/xapi/video/verbs/played')) > 0 as engaged
    from statements
    where block_type in ('sequential', 'vertical', 'video', 'problem')
       or verb_id = 'https://w3id.org/xapi/acrossx/verbs/posted'
    group by actor_id, course_key
),
passing as (
    select actor_id, course_key,
           argMax(verb_id = 'http://adlnet.gov/expapi/verbs/passed',
                  (emission_time, stored, event_id)) as passed
    from statements
    where verb_id in ('http://adlnet.gov/expapi/verbs/passed',
                      'http://adlnet.gov/expapi/verbs/failed')
    group by actor_id, course_key
)
select e.actor_id, e.course_key
from enrollment e
join visits v on v.actor_id = e.actor_id and v.course_key = e.course_key
left join passing p on p.actor_id = e.actor_id and p.course_key = e.course_key
where e.latest = 'http://adlnet.gov/expapi/verbs/registered'
  and v.last_visit <= {cutoff:DateTime64(6, 'UTC')}
  and v.engaged
  and not p.passed
"""


def build(store: Store, settings: Settings, learners: int = 40) -> DemoSummary:
    return build_demo(store, settings, courses=2, learners=learners, seed=7, now=NOW)


def test_small_demo_goes_through_ingest_with_the_learners_courses_and_tracks_asked_for(
    store: Store, settings: Settings
) -> None:
    summary = build(store, settings)
    assert summary.learners == 40 and summary.courses == 2
    assert summary.stored == summary.statements > 40 * 100
    assert summary.duplicates == summary.conflicts == 0
    assert not summary.rejected and not summary.lms_errors
    [(statements, learners, courses, latest)] = store.query(
        "select count(), uniqExact(actor_id), uniqExact(course_key), max(emission_time) "
        "from statements"
    )
    assert (statements, learners, courses) == (summary.statements, 40, 2)
    assert latest.replace(tzinfo=UTC) <= NOW
    modes = {
        row[0]
        for row in store.query(
            "select distinct enrollment_mode from statements where verb_id = {v:String}",
            {"v": REGISTERED},
        )
    }
    assert {"audit", "verified", "honor"} <= modes
    counts = {
        view: store.query(f"select count() from {view}")[0][0]  # noqa: S608 - fixed names
        for view in ("latest_course_overviews", "latest_external_id", "latest_user_profile")
    }
    assert counts == {
        "latest_course_overviews": 2,
        "latest_external_id": 40,
        "latest_user_profile": 40,
    }
    [(enrollments,)] = store.query("select count() from latest_course_enrollment")
    assert enrollments == summary.enrollments
    # The LMS mapping resolves every actor: anonymous xAPI id -> user.
    [(unmapped,)] = store.query(
        "select count() from (select distinct actor_id from statements) s "
        "left anti join latest_external_id x on toString(x.external_user_id) = s.actor_id"
    )
    assert unmapped == 0


def test_typed_columns_come_out_as_expected_for_each_kind_of_demo_statement(
    store: Store, settings: Settings
) -> None:
    build(store, settings)

    def one(where: str) -> dict:  # type: ignore[type-arg]
        rows = store.query_dicts(f"select * from statements where {where} limit 1")  # noqa: S608
        assert rows, where
        return rows[0]

    nav = one(
        "verb_id like '%navigated' and object_id like '%type@sequential%' "
        "and event like '%next unit%'"
    )
    assert nav["block_type"] == "sequential" and nav["nav_end"] == nav["nav_start"] + 1
    assert nav["course_key"].startswith("course-v1:") and nav["org"]
    back = one("event like '%previous unit%'")
    assert back["nav_end"] == back["nav_start"] - 1
    outline = one("object_id like '%/jump_to/%'")
    assert outline["block_key"].endswith(outline["object_id"].rsplit("@", 1)[-1])
    assert outline["block_type"] == "sequential"
    played = one("verb_id = 'https://w3id.org/xapi/video/verbs/played'")
    assert played["block_type"] == "video" and played["video_time"] is not None
    assert played["video_length"] >= 30
    seek = one("verb_id = 'https://w3id.org/xapi/video/verbs/seeked'")
    assert seek["video_time_from"] is not None and seek["video_time_to"] is not None
    single = one("verb_id like '%evaluated' and attempt is not null")
    assert single["block_type"] == "problem" and single["score_max"] == 1
    assert single["success"] in (True, False) and single["attempt"] >= 1
    child = one("verb_id like '%evaluated' and match(object_id, '_[0-9]+_1$')")
    assert child["block_key"] and not child["block_key"].endswith("_1")
    assert child["object_id"].endswith("_1") and child["course_key"].startswith("course-v1:")
    enrolled = one(f"verb_id = '{REGISTERED}'")
    assert enrolled["enrollment_mode"] and enrolled["course_key"].startswith("course-v1:")
    grade = one("verb_id = 'http://id.tincanapi.com/verb/earned'")
    assert grade["grade_classification"] and 0 <= grade["score_scaled"] <= 1


def test_the_at_risk_group_by_the_metrics_definition_is_not_empty(
    store: Store, settings: Settings
) -> None:
    build(store, settings)
    at_risk = store.query(AT_RISK, {"cutoff": NOW - timedelta(days=7)})
    assert len(at_risk) >= 1
    [(current,)] = store.query(
        "select countIf(latest = {r:String}) from (select argMax(verb_id, emission_time) latest "
        "from statements where verb_id in ({r:String}, {u:String}) "
        "group by actor_id, course_key)",
        {"r": REGISTERED, "u": UNREGISTERED},
    )
    assert len(at_risk) < current  # some are still active or done


def test_rerunning_with_the_same_seed_stores_nothing_twice(
    store: Store, settings: Settings
) -> None:
    first = build(store, settings, learners=15)
    second = build(store, settings, learners=15)
    assert second.stored == 0 and second.conflicts == 0
    assert second.duplicates == first.statements
    assert sum(second.lms_written.values()) == 0
    [(count,)] = store.query("select count() from xapi_events_all")
    assert count == first.statements
    for table in ("course_blocks", "course_enrollment", "user_profile"):
        [(rows,)] = store.query(f"select count() from {table}")  # noqa: S608 - fixed names
        assert rows == first.lms_written[table]


def test_the_anchor_time_of_a_seed_is_kept_so_reruns_resend_identical_bodies(
    settings: Settings,
) -> None:
    first = anchor(settings.data_dir, 12345, NOW)
    later = anchor(settings.data_dir, 12345, NOW + timedelta(days=3))
    assert first == later == NOW


def test_an_lrs_user_is_created_only_when_the_data_dir_has_none(settings: Settings) -> None:
    assert not list_credentials(settings.credentials_path)
    assert ensure_lrs_user(settings)
    assert [c.name for c in list_credentials(settings.credentials_path)] == ["demo"]
    assert ensure_lrs_user(settings) is None
