"""The same statements give the same stored rows however they are split into requests."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.settings import Settings
from aspects.store import Store, open_store
from tests.factories import COURSE_TYPE, parent_context, statement

REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
PLAYED = "https://w3id.org/xapi/video/verbs/played"
PAUSED = "https://w3id.org/xapi/video/verbs/paused"
ANSWERED = "https://w3id.org/xapi/verbs/answered"
COURSES = [f"course-v1:Org{n % 2}+C{n}+2026" for n in range(4)]
LEARNERS = [f"learner-{n}" for n in range(10)]
NAMESPACE = uuid.UUID("6f1c1f52-2c4c-4d7e-9a57-0d1c3c1b8a10")


def _parent(course: str) -> dict[str, Any]:
    return parent_context(course, {"https://w3id.org/xapi/video/extensions/length": 300.0})


def _block(course: str, kind: str, name: str) -> str:
    return f"http://lms.example/xblock/block-v1:{course[10:]}+type@{kind}+block@{name}"


def _statements() -> list[dict[str, Any]]:
    """200 statements: 4 courses x 10 learners x (enroll, play, pause, 2 problem answers)."""
    out: list[dict[str, Any]] = []
    for c, course in enumerate(COURSES):
        for n, learner in enumerate(LEARNERS):
            day = f"2026-01-{5 + c:02d}"
            hour = f"{8 + n:02d}"
            mode = "verified" if n % 3 == 0 else "audit"
            video = {
                "objectType": "Activity",
                "id": _block(course, "video", "intro"),
                "definition": {"type": "https://w3id.org/xapi/video/activity-type/video"},
            }
            out.append(
                statement(
                    verb=REGISTERED,
                    actor=learner,
                    ts=f"{day}T{hour}:00:00+00:00",
                    course=course,
                    object={
                        "objectType": "Activity",
                        "id": f"http://lms.example/course/{course}",
                        "definition": {
                            "type": COURSE_TYPE,
                            "extensions": {"https://w3id.org/xapi/acrossx/extensions/type": mode},
                        },
                    },
                )
            )
            for verb, minute, position in ((PLAYED, 5, 0.0), (PAUSED, 7, 12.0 * (n + 1))):
                out.append(
                    statement(
                        verb=verb,
                        actor=learner,
                        ts=f"{day}T{hour}:{minute:02d}:00+00:00",
                        object=video,
                        context=_parent(course),
                        result={
                            "extensions": {"https://w3id.org/xapi/video/extensions/time": position}
                        },
                    )
                )
            for p, problem in enumerate(("p1", "p2")):
                raw = (n + p) % 3
                out.append(
                    statement(
                        verb=ANSWERED,
                        actor=learner,
                        ts=f"{day}T{hour}:{20 + p:02d}:00+00:00",
                        object={
                            "objectType": "Activity",
                            "id": _block(course, "problem", problem),
                            "definition": {
                                "type": "http://adlnet.gov/expapi/activities/cmi.interaction"
                            },
                        },
                        context=_parent(course),
                        result={
                            "success": raw == 2,
                            "score": {"raw": raw, "max": 2, "min": 0, "scaled": raw / 2},
                        },
                    )
                )
    # Fixed ids, so nothing but the batching differs between runs.
    for index, item in enumerate(out):
        item["id"] = str(uuid.uuid5(NAMESPACE, str(index)))
    return out


@contextmanager
def _fresh_database(settings: Settings, suffix: str) -> Iterator[tuple[Settings, Store]]:
    """Another database in the session's data directory, dropped afterwards."""
    store_settings = settings.store.model_copy(
        update={"database": f"{settings.store.database}_{suffix}"}
    )
    mine = settings.model_copy(update={"store": store_settings})
    store = open_store(mine)
    try:
        yield mine, store
    finally:
        store.execute(f"drop database if exists {store_settings.database}")
        store.close()


def _rows(store: Store) -> list[tuple[Any, ...]]:
    """Every stored row, every column but ``stored`` (the only one that may differ)."""
    return store.query("select * except (stored) from xapi_events_all order by event_id")


def _post(client: TestClient, auth: dict[str, str], batch: list[dict[str, Any]]) -> None:
    response = client.post("/xAPI/statements", json=batch, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json() == [s["id"] for s in batch]


def _one_post(client: TestClient, auth: dict[str, str], sent: list[dict[str, Any]]) -> None:
    _post(client, auth, sent)


def _small_shuffled_posts(
    client: TestClient, auth: dict[str, str], sent: list[dict[str, Any]]
) -> None:
    # Pauses often arrive before their plays, answers before enrollments.
    rng = random.Random(7)  # noqa: S311 -- a repeatable shuffle, not a secret
    shuffled = rng.sample(sent, len(sent))
    start = 0
    while start < len(shuffled):
        size = rng.randint(1, 7)
        _post(client, auth, shuffled[start : start + size])
        start += size


def _concurrent_posts(client: TestClient, auth: dict[str, str], sent: list[dict[str, Any]]) -> None:
    rng = random.Random(11)  # noqa: S311 -- a repeatable shuffle, not a secret
    shuffled = rng.sample(sent, len(sent))
    chunks = [shuffled[i : i + 10] for i in range(0, len(shuffled), 10)]
    errors: list[BaseException] = []

    def send(mine: list[list[dict[str, Any]]]) -> None:
        try:
            for chunk in mine:
                _post(client, auth, chunk)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(chunks[t::5],)) for t in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


Sender = Callable[[TestClient, dict[str, str], list[dict[str, Any]]], None]


def test_one_post_many_shuffled_small_posts_and_concurrent_posts_store_identical_rows(
    settings: Settings, basic_auth: dict[str, str]
) -> None:
    sent = _statements()
    assert len(sent) == 200 and len({s["id"] for s in sent}) == 200

    senders: dict[str, Sender] = {
        "one": _one_post,
        "small": _small_shuffled_posts,
        "threads": _concurrent_posts,
    }
    results: dict[str, list[tuple[Any, ...]]] = {}
    for name, send in senders.items():
        with _fresh_database(settings, name) as (mine, store):
            with TestClient(create_app(mine, store)) as client:
                send(client, basic_auth, sent)
            results[name] = _rows(store)
            by_verb = dict(store.query("select verb_id, count() from xapi_events_all group by 1"))
            # Per course and learner: 1 registration, 1 play, 1 pause, 2 answers (x 40).
            assert by_verb == {REGISTERED: 40, PLAYED: 40, PAUSED: 40, ANSWERED: 80}, name
            typed = store.query(
                "select uniqExact(course_key), uniqExact(actor_id), countIf(score_raw is not null),"
                " countIf(video_time is not null), countIf(enrollment_mode = 'verified')"
                " from xapi_events_all"
            )
            # Learners 0, 3, 6, 9 are verified in each of the 4 courses: 16 registrations.
            assert typed == [(4, 10, 80, 80, 16)], name

    assert len(results["one"]) == 200
    assert results["small"] == results["one"]
    assert results["threads"] == results["one"]
