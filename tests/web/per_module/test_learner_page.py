"""The learner page and learner search in headless Chromium (issue 6).

The course and its hand-worked numbers are in :mod:`tests.web.learners_course`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from aspects.store import Store
from tests.factories import COURSE
from tests.web.learners_course import (
    ANA,
    BEN,
    TODAY,
    api,
    build,
    cells,
    fits,
    goto,
    new_page,
    open_page,
    ready,
    row_ids,
)

# The tests read the course (tests/web/learners_course.py): one server, one course and one
# signed-in browser context for the module (tests/web/conftest.py), on one worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-learner-page")]


@pytest.fixture(scope="module")
def course(module_server: str, module_auth: dict[str, str], module_store: Store) -> str:
    build(module_server, module_auth, module_store)
    return COURSE


@pytest.fixture
def page(signed_in: Any, course: str) -> Any:
    opened = new_page(signed_in)
    yield opened
    opened.close()


def learner(page: Any, server: str, who: str) -> None:
    goto(page, f"{server}/courses/{COURSE}/learners/{who}", "#learner-page")


def field(page: Any, name: str) -> str:
    return page.inner_text(f"#profile-fields dd[data-field={name}]")


def test_the_profile_shows_the_hand_worked_grade_and_track(page: Any, server: str) -> None:
    learner(page, server, BEN)
    assert page.inner_text("#learner-name") == "Ben Brown"
    assert field(page, "grade") == "60.0 %"
    assert field(page, "track") == "verified"
    assert (field(page, "passed"), field(page, "current"), field(page, "at_risk")) == (
        "No", "Yes", "Yes: in the at-risk group",
    )  # fmt: skip
    assert field(page, "email") == "ben@example.org"
    assert page.get_attribute("#contact", "href") == "mailto:ben@example.org"
    profile = api(page, server, f"/learners/{BEN}")["profile"]
    assert (profile["grade"], profile["track"]) == (0.6, "verified")
    assert page.watch.problems == []


def test_problems_funnel_and_time_line_equal_the_json(page: Any, server: str) -> None:
    learner(page, server, BEN)
    # p1 (Quiz, 1.1): two submissions, attempt 2 the latest, correct, score 1.
    assert cells(page, "#learner-problems") == [
        ["p1", "Quiz", "1", "1", "2", "2", "Yes", "100.0 %"]
    ]
    body = api(page, server, f"/learners/{BEN}", tz="America/New_York")
    assert body["problems"][0]["attempts"] == 2
    # Funnel: Week 1 has 3 pages (p1's page viewed), 1 video, 1 problem; Week 2 one page.
    bars = page.evaluate(
        "() => document.querySelector('#learner-sections .chart').data.map(t => [t.name, t.x])"
    )
    third = 100 / 3
    assert bars == [
        ["Pages viewed", [third, third, 0, 0]],
        ["Videos watched", [0, 0, None, None]],
        ["Problems attempted", [100, 100, None, None]],
    ]
    # Time line: enrolled D-30; on D-12 two problem statements and a grade.
    timeline = page.evaluate(
        "() => document.querySelector('#learner-timeline .chart').data"
        ".map(t => [t.name, t.x.map(x => x.slice(0, 10)), t.y])"
    )
    expected = {}
    for r in body["timeline"]:
        expected.setdefault(r["kind"], ([], []))
        expected[r["kind"]][0].append(r["day"])
        expected[r["kind"]][1].append(r["statements"])
    assert {name: (x, y) for name, x, y in timeline} == expected
    d30, d12 = str(TODAY - timedelta(days=30)), str(TODAY - timedelta(days=12))
    assert expected == {"enrollment": ([d30], [1]), "problem": ([d12], [2]), "grade": ([d12], [1])}
    with page.expect_download() as info:
        page.click("#learner-problems a.csv")
    assert Path(info.value.path()).read_text().splitlines() == [
        "problem,name,section,subsection,submissions,attempts,correct,score",
        f"{body['problems'][0]['problem']},Quiz,1,1,2,2,true,1.0",
    ]
    assert page.watch.problems == []


def test_the_seconds_of_each_video_they_watched(page: Any, server: str) -> None:
    learner(page, server, ANA)
    assert cells(page, "#learner-videos")[0][1:] == ["Intro video", "13", "20", "65.0 %"]
    watched = page.evaluate("() => document.querySelector('#learner-videos .chart').data[1]")
    assert (watched["base"], watched["x"]) == ([0], [12.5])
    with page.expect_download() as info:
        page.click("#learner-videos a.csv")
    lines = Path(info.value.path()).read_text().splitlines()
    assert lines[0] == "video,name,section,subsection,watched_seconds,length,watched_pct,segments"
    assert lines[1].endswith(",Intro video,1,1,13,20.0,65.0,0-12.5")
    assert fits(page)
    assert page.watch.problems == []


def test_search_finds_a_learner_by_username_prefix(page: Any, server: str) -> None:
    goto(page, f"{server}/courses/{COURSE}/", "#dashboard")
    page.fill("#learner-q", "be")
    page.press("#learner-q", "Enter")
    page.wait_for_url("**/learners?q=be")
    ready(page, "#learner-page")
    ids = row_ids(page, "#results-table")
    assert ids == [BEN]
    found = cells(page, "#results-table")[0][:4]
    assert found == ["Ben Brown", "ben", "ben@example.org", "verified"]
    # Typing narrows as you go; nothing found says so.
    page.fill("#q", "zz")
    page.wait_for_selector("#results .empty:not([hidden])")
    ready(page, "#learner-page")
    assert "No learner's name, username or e-mail starts with “zz”" in page.inner_text("#results")
    page.fill("#q", "an")
    page.wait_for_selector("#results-table tbody tr[data-id]")
    ready(page, "#learner-page")
    page.click("#results-table tbody a")
    ready(page, "#learner-page")
    assert urlparse(page.url).path == f"/courses/{COURSE}/learners/{ANA}"
    assert page.inner_text("#learner-name") == "Ana Alves"
    assert page.watch.problems == []


def test_the_learner_page_fits_a_tablet(
    browser: Any, server: str, viewer: str, course: str
) -> None:
    tablet = open_page(browser, server, viewer, {"width": 820, "height": 1180})
    learner(tablet, server, BEN)
    assert fits(tablet)
    assert tablet.watch.problems == []
    tablet.context.close()
