"""Video segments on a hand-made video, numbers worked out from METRICS.md "Video"."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import post_statements
from tests.factories import (
    COMPLETED,
    PAUSED,
    PLAYED,
    SEEKED,
    TERMINATED,
    table,
    ts,
    video,
    video_key,
    with_id,
)

COLUMNS = ("segment_start", "segment_end", "views", "learners", "repeat_views")
DAY = "2026-03-02"


def _video(client: TestClient, auth: dict[str, str]) -> None:
    """Video v1, 20 s long (4 buckets of 5 s).

    alice, each statement in its own request:
      play 0 → pause 7.5          : segment 0–7.5 → seconds 0…7 (ceil(7.5) − 1)
      play 5 → seek from 12 to 2  : segment 5–12  → seconds 5…11
      play 2 → completed, no time : closes at the length 20 → seconds 2…19
      coverage: 0–1 ×1, 2–4 ×2, 5–7 ×3, 8–11 ×2, 12–19 ×1
    bob, one request:
      play 10, play 3 → the first is still open at the next play: dropped
      play 3 → pause 8.2          : seconds 3…8
      play 15 → terminated 15     : zero span, dropped
      play 16, nothing after      : never closed, dropped
    carol: play 0 and pause 4 at the same instant, one request, play's id first → seconds 0…3
    dave: a different video, ignored here.
    """
    alice = [
        video("alice", PLAYED, ts(DAY, "10:00:00"), 0.0),
        video("alice", PAUSED, ts(DAY, "10:00:10"), 7.5),
        video("alice", PLAYED, ts(DAY, "10:01:00"), 5.0),
        video("alice", SEEKED, ts(DAY, "10:01:10"), time_from=12.0, time_to=2.0),
        video("alice", PLAYED, ts(DAY, "10:01:11"), 2.0),
        video("alice", COMPLETED, ts(DAY, "10:01:30")),
    ]
    for item in alice:
        post_statements(client, auth, [item])
    post_statements(
        client,
        auth,
        [
            video("bob", PLAYED, ts(DAY, "11:00:00"), 10.0),
            video("bob", PLAYED, ts(DAY, "11:00:05"), 3.0),
            video("bob", PAUSED, ts(DAY, "11:00:10"), 8.2),
            video("bob", PLAYED, ts(DAY, "11:01:00"), 15.0),
            video("bob", TERMINATED, ts(DAY, "11:01:05"), 15.0),
            video("bob", PLAYED, ts(DAY, "11:02:00"), 16.0),
            with_id(video("carol", PLAYED, ts(DAY, "12:00:00"), 0.0), "0"),
            with_id(video("carol", PAUSED, ts(DAY, "12:00:00"), 4.0), "f"),
            video("dave", PLAYED, ts(DAY, "13:00:00"), 0.0, video_name="other"),
            video("dave", PAUSED, ts(DAY, "13:00:09"), 9.0, video_name="other"),
        ],
    )


def test_video_segments_in_five_second_buckets(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _video(client, basic_auth)
    # Per bucket, each learner's c = their highest coverage of a second in it:
    # 0–5:   alice 2, bob 1 (3, 4), carol 1 → views 4, learners 3, repeats 1
    # 5–10:  alice 3, bob 1 (5…8)           → views 4, learners 2, repeats 2
    # 10–15: alice 2                         → views 2, learners 1, repeats 1
    # 15–20: alice 1                         → views 1, learners 1, repeats 0
    assert table(client, "video-segments", COLUMNS, video=video_key()) == [
        (0.0, 5.0, 4, 3, 1),
        (5.0, 10.0, 4, 2, 2),
        (10.0, 15.0, 2, 1, 1),
        (15.0, 20.0, 1, 1, 0),
    ]
    got = table(client, "video-segments", ("video_id",), video=video_key())
    assert {row[0] for row in got} == {video_key()}


def test_video_segments_per_second(client: TestClient, basic_auth: dict[str, str]) -> None:
    _video(client, basic_auth)
    got = table(client, "video-segments", COLUMNS, video=video_key(), bucket="1")
    assert len(got) == 20
    # second 0: alice 1, carol 1; second 3: alice 2, bob 1, carol 1; second 5: alice 3, bob 1;
    # second 8: alice 2, bob 1 (8.2 → up to second 8); second 9: alice 2; second 19: alice 1.
    assert got[0] == (0.0, 1.0, 2, 2, 0)
    assert got[3] == (3.0, 4.0, 4, 3, 1)
    assert got[5] == (5.0, 6.0, 4, 2, 2)
    assert got[8] == (8.0, 9.0, 3, 2, 1)
    assert got[9] == (9.0, 10.0, 2, 1, 1)
    assert got[19] == (19.0, 20.0, 1, 1, 0)


def test_video_segments_in_twenty_equal_parts(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    # A 40 s video: parts of 2 s. Play 0 → pause 5 covers seconds 0…4: parts 0, 1, 2.
    post_statements(
        client,
        basic_auth,
        [
            video("erin", PLAYED, ts(DAY), 0.0, video_name="long", length=40.0),
            video("erin", PAUSED, ts(DAY, "10:00:05"), 5.0, video_name="long", length=40.0),
        ],
    )
    got = table(client, "video-segments", COLUMNS, video=video_key("long"), bucket="parts20")
    assert len(got) == 20
    assert got[:4] == [
        (0.0, 2.0, 1, 1, 0),
        (2.0, 4.0, 1, 1, 0),
        (4.0, 6.0, 1, 1, 0),
        (6.0, 8.0, 0, 0, 0),
    ]
    assert got[-1] == (38.0, 40.0, 0, 0, 0)


def test_video_segments_as_of_drops_a_segment_not_yet_closed(
    client: TestClient, basic_auth: dict[str, str]
) -> None:
    _video(client, basic_auth)
    # At 10:00:05 alice had only played at 0: open, so dropped; nobody else had started.
    got = table(client, "video-segments", COLUMNS, video=video_key(), as_of=f"{DAY}T10:00:05Z")
    assert got == [
        (0.0, 5.0, 0, 0, 0),
        (5.0, 10.0, 0, 0, 0),
        (10.0, 15.0, 0, 0, 0),
        (15.0, 20.0, 0, 0, 0),
    ]
