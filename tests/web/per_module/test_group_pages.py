"""The learner group page and the custom-group form in headless Chromium (issue 6).

The course and its hand-worked numbers are in :mod:`tests.web.learners_course`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from aspects.groups.roster import COLUMNS
from aspects.store import Store
from tests.factories import COURSE
from tests.web.learners_course import (
    ANA,
    BEN,
    CAI,
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
# signed-in browser context for the module (tests/web/conftest.py), on one worker. The saved
# custom groups are removed after each test.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-group-pages")]

GROUP = f"/courses/{COURSE}/groups"


@pytest.fixture(scope="module")
def course(module_server: str, module_auth: dict[str, str], module_store: Store) -> str:
    build(module_server, module_auth, module_store)
    return COURSE


@pytest.fixture
def page(signed_in: Any, course: str) -> Any:
    opened = new_page(signed_in)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _no_saved_groups_after(module_store: Store) -> Iterator[None]:
    """A test here may save a custom group: the next one starts with the course alone again."""
    yield
    module_store.execute("truncate table learner_groups")


def at_risk(page: Any, server: str, query: str = "") -> None:
    goto(page, f"{server}{GROUP}/at-risk{query}", "#group-page")


def test_the_at_risk_table_is_the_hand_worked_group_and_the_json(page: Any, server: str) -> None:
    at_risk(page, server)
    assert page.inner_text("#group-name") == "At-risk learners"
    body = api(page, server, "/groups/at-risk/learners", tz="America/New_York")
    assert [r["anonymous_id"] for r in body["rows"]] == [ANA, BEN] and body["total"] == 2
    ids = row_ids(page, "#learners-table")
    assert ids == [ANA, BEN]
    shown = cells(page, "#learners-table")
    # Who, then what makes them at risk (last visit, grade, passed), then the rest.
    assert [[row[0], *row[2:5], *row[6:]] for row in shown] == [
        ["Ana Alves", "40.0 %", "No", "audit", "ana", "ana@example.org"],
        ["Ben Brown", "60.0 %", "No", "verified", "ben", "ben@example.org"],
    ]
    # By default the oldest last visit comes first (Ana D-20, Ben D-12), and the heading says so.
    last_visit = page.locator("#learners-table th", has_text="Last visit")
    assert last_visit.get_attribute("aria-sort") == "ascending"
    by_visit = api(
        page, server, "/groups/at-risk/learners", tz="America/New_York", sort="last_visit"
    )
    assert [r["anonymous_id"] for r in by_visit["rows"]] == ids
    # Dates are <time> elements carrying the JSON's instants, shown in the viewer's zone.
    instants = page.eval_on_selector_all(
        "#learners-table tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('time')].map(t => t.dateTime))",
    )
    assert instants == [[r["last_visit"], r["first_enrolled_at"]] for r in body["rows"]]
    assert page.inner_text("#page-status") == "Learners 1–2 of 2"
    # The learner links open each learner's page.
    href = page.get_attribute("#learners-table tbody tr:first-child a", "href")
    assert href == f"/courses/{COURSE}/learners/{ANA}"
    # "Email these learners": every e-mail of the group in BCC, as the contact API gives it.
    mailto = page.get_attribute("#email", "href")
    assert mailto == "mailto:?bcc=ana@example.org,ben@example.org"
    assert mailto == api(page, server, "/groups/at-risk/contact")["mailto"]
    assert page.is_visible("#email") and page.inner_text("#email") == "Email these learners"
    assert page.watch.problems == []


def test_the_track_breakdown_and_distributions_equal_the_summary(page: Any, server: str) -> None:
    at_risk(page, server)
    summary = api(page, server, "/groups/at-risk/summary", tz="America/New_York", grain="week")
    assert summary["tracks"] == [
        {"track": "audit", "learners": 1, "pct": 50.0},
        {"track": "verified", "learners": 1, "pct": 50.0},
    ]
    bars = page.evaluate(
        "id => { const d = document.querySelector(id + ' .chart').data[0];"
        " return Object.fromEntries(d.x.map((x, i) => [x, d.y[i]])); }",
        "#summary-grades",
    )
    assert {k: v for k, v in bars.items() if v} == {"40-49%": 1, "60-69%": 1}
    assert bars == {g["bucket"]: g["learners"] for g in summary["grades"]}
    tracks = page.evaluate("() => document.querySelector('#summary-tracks .chart').data[0].y")
    assert tracks == [1, 1]
    assert cells(page, "#summary-tracks") == [["audit", "1", "50.0 %"], ["verified", "1", "50.0 %"]]
    visits = page.evaluate("() => document.querySelector('#summary-visits .chart').data[0]")
    assert list(zip(visits["x"], visits["y"], strict=True)) == [
        (r["bucket"], r["learners"]) for r in summary["last_visit"]
    ]
    assert sum(visits["y"]) == 2
    # The group's reports: its two learners, of whom none passes; mean of 0.4 and 0.6.
    tiles = page.eval_on_selector_all(
        "#r-grades-summary .tile",
        "ts => Object.fromEntries(ts.map(t => [t.dataset.key, t.dataset.value]))",
    )
    assert tiles == {"passing": "0", "mean_grade_pct": "50", "median_grade_pct": "50"}
    funnel = api(page, server, "/groups/at-risk/reports/engagement-problems", tz="America/New_York")
    sections = [r for r in funnel["rows"] if r["level"] == "section"]
    week_1 = next(r for r in sections if r["section_position"] == 1)
    assert (week_1["at_least_one"], week_1["all"]) == (1, 1)  # BEN answered p1
    drawn = page.evaluate("() => document.querySelector('#r-engagement-problems .chart').data[0].x")
    assert drawn == [r["at_least_one"] for r in funnel["rows"]]
    assert fits(page)
    assert page.watch.problems == []


def test_csv_links_download_the_rows(page: Any, server: str) -> None:
    at_risk(page, server)
    with page.expect_download() as info:
        page.click("#learners-csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["anonymous_id"], r["email"], r["grade"]) for r in rows] == [
        (ANA, "ana@example.org", "0.4"),
        (BEN, "ben@example.org", "0.6"),
    ]
    downloaded = {}
    for card in ("summary-tracks", "summary-visits", "r-engagement-pages"):
        with page.expect_download() as info:
            page.click(f"#{card} a.csv")
        downloaded[card] = Path(info.value.path()).read_text().splitlines()
    assert downloaded["summary-tracks"] == ["track,learners,pct", "audit,1,50.0", "verified,1,50.0"]
    assert downloaded["summary-visits"][-1] == "never visited,0"
    assert downloaded["r-engagement-pages"][0].startswith("level,block_id,name")
    assert page.watch.problems == []


def test_sorting_and_paging_go_through_the_api_and_the_url(page: Any, server: str) -> None:
    at_risk(page, server, "?page_size=25")
    page.focus("#learners-table th:nth-child(3) button")  # Grade, from the keyboard
    page.keyboard.press("Enter")
    ready(page, "#group-page")
    page.focus("#learners-table th:nth-child(3) button")
    page.keyboard.press("Enter")
    ready(page, "#group-page")
    assert parse_qs(urlparse(page.url).query)["sort"] == ["-grade"]
    assert page.get_attribute("#learners-table th:nth-child(3)", "aria-sort") == "descending"
    ids = row_ids(page, "#learners-table")
    assert ids == [BEN, ANA]
    # A longer threshold empties the group, and the page says why.
    page.fill("#inactive", "30")
    page.click("#controls button[type=submit]")
    ready(page, "#group-page")
    assert "inactive_days=30" in page.url
    assert "Nobody is at risk" in page.inner_text("#learners-card .empty")
    assert page.is_hidden("#email")
    assert "Nobody is in this group" in page.inner_text("#summary-tracks .empty")
    assert page.watch.problems == []


def test_a_custom_group_made_with_the_form_is_listed_and_shown(page: Any, server: str) -> None:
    goto(page, f"{server}{GROUP}/new", "#group-page")
    page.fill("#f-name", "Verified learners")
    page.check("#f-track input[value=verified]")
    page.click("#group-form button[type=submit]")
    page.wait_for_url("**/groups/g-*")
    ready(page, "#group-page")
    assert page.inner_text("#group-name") == "Verified learners"
    assert "track verified" in page.inner_text("#definition")
    ids = row_ids(page, "#learners-table")
    assert ids == [BEN, CAI]
    groups = api(page, server, "/groups")["groups"]
    sizes = [(g["name"], g["size"]) for g in groups]
    assert sizes == [("At-risk learners", 2), ("Verified learners", 2)]
    assert "Verified learners (2)" in page.inner_text("#groups-nav")
    # The form is filled with the saved definition; a change is saved with PUT.
    assert page.is_checked("#f-track input[value=verified]")
    page.fill("#f-grade_min", "50")
    page.click("#group-form button[type=submit]")
    page.wait_for_selector("#form-status:has-text('Saved.')")
    ready(page, "#group-page")
    assert row_ids(page, "#learners-table") == [BEN]
    # The course dashboard lists it beside the at-risk group.
    goto(page, f"{server}/courses/{COURSE}/", "#dashboard")
    page.wait_for_selector("#group-links a")
    assert page.inner_text("#group-links") == "Verified learners (1)"
    assert page.inner_text("#at-risk-link") == "At-risk learners (2)"
    assert page.watch.problems == []


def test_the_api_refusal_is_shown_next_to_the_form(page: Any, server: str) -> None:
    goto(page, f"{server}{GROUP}/new", "#group-page")
    page.fill("#f-name", "Impossible")
    page.fill("#f-grade_min", "80")
    page.fill("#f-grade_max", "50")
    page.click("#group-form button[type=submit]")
    page.wait_for_selector("#form-error:not([hidden])")
    assert page.inner_text("#form-error") == (
        "The group was not saved: bad filter 'grade_min': 0.8 is above grade_max 0.5"
    )
    assert page.get_attribute("#f-grade_min", "aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.id") == "f-grade_min"
    assert urlparse(page.url).path == f"{GROUP}/new"
    # The refusal itself is the only failed request (Chromium logs it to the console too).
    assert [p for p in page.watch.problems if "400" not in p] == []
    assert [p for p in page.watch.problems if p.startswith("HTTP 400")] == [
        f"HTTP 400: {server}/api/v1/courses/{COURSE}/groups"
    ]


def test_the_group_page_fits_a_tablet_and_an_unknown_group_is_a_404(
    browser: Any, server: str, viewer: str, course: str
) -> None:
    tablet = open_page(browser, server, viewer, {"width": 820, "height": 1180})
    at_risk(tablet, server)
    assert fits(tablet)
    assert tablet.locator("#learners-table tbody tr").count() == 2
    assert tablet.watch.problems == []
    response = tablet.goto(f"{server}{GROUP}/g-nothing")
    assert response is not None and response.status == 404
    assert "no learner group" in tablet.inner_text("main")
    tablet.context.close()


def test_at_768_px_the_at_risk_columns_show_without_scrolling(page: Any, server: str) -> None:
    page.set_viewport_size({"width": 768, "height": 900})
    at_risk(page, server)
    assert fits(page)
    headings = page.eval_on_selector_all(
        "#learners-table th",
        "ths => ths.map(t => [t.innerText.trim(), t.getBoundingClientRect().right])",
    )
    right = {text: edge for text, edge in headings}
    card = page.eval_on_selector("#learners-card", "c => c.getBoundingClientRect().right")
    for key in ("Learner", "Last visit", "Grade", "Passed"):
        assert right[key] <= min(card, 768), (key, right)


def test_the_course_page_shows_the_most_watched_video_and_picks_one_by_name_or_bar(
    page: Any, server: str
) -> None:
    # (The course page of this module's course: its one placed video, v1, was watched by
    # ANA and EVE.)
    goto(page, f"{server}/courses/{COURSE}/", "#dashboard")
    video = f"block-v1:{COURSE.removeprefix('course-v1:')}+type@video+block@v1"
    shown = page.inner_text("#video-shown")
    assert "most watched" in shown and "1.1 Intro video" in shown
    views = page.evaluate("() => document.querySelector('#video-segments .chart').data[0].y")
    assert len(views) == 4 and views[0] == 2  # 20 s in 5 s parts; both watched second 0
    # The picker names the videos (never a usage key), with their viewers.
    options = page.eval_on_selector_all("#video option", "os => os.map(o => o.textContent)")
    assert options == ["The most watched video", "1.1 Intro video (2 viewers)"]
    assert "type@video" not in page.inner_text("#video-segments")
    # A bar of the video watchers chart opens that video's parts, in the URL.
    page.click("#r-video-watchers .chart .bar[data-k='1:0']")  # its "watched in part" bar
    ready(page, "#dashboard")
    assert parse_qs(urlparse(page.url).query)["video"] == [video]
    assert page.inner_text("#video-shown") == "Showing 1.1 Intro video."
    page.select_option("#bucket", "parts20")
    ready(page, "#dashboard")
    assert parse_qs(urlparse(page.url).query)["bucket"] == ["parts20"]
    parts = page.evaluate("() => document.querySelector('#video-segments .chart').data[0].y")
    assert len(parts) == 20
    assert page.watch.problems == []


def test_the_course_page_names_problems_and_ranks_them_by_correct_answers(
    page: Any, server: str
) -> None:
    # p1 "Quiz" (1.1): BEN wrong then right, DEE right: 2 of 3 answers correct, 2 learners.
    goto(page, f"{server}/courses/{COURSE}/", "#dashboard")
    card = "#r-problem-performance"
    page.click(f"{card} details summary")  # the table is one click below the chart
    headers = page.eval_on_selector_all(f"{card} table th", "ths => ths.map(t => t.innerText)")
    assert headers[:6] == ["Problem", "Graded", "Learners who tried", "Answers", "Correct",
                           "Right first time"]  # fmt: skip
    first = page.eval_on_selector_all(
        f"{card} table tbody tr:first-child td", "tds => tds.map(t => [t.innerText, t.title])"
    )
    problem = f"block-v1:{COURSE.removeprefix('course-v1:')}+type@problem+block@p1"
    assert first[0] == ["1.1 Quiz", problem]  # the name; the usage key on hover
    assert [cell[0] for cell in first[2:5]] == ["2", "3", "66.7 %"]
    assert "type@problem" not in page.inner_text(card)
    # The chart ranks the problems by % correct, labelled by name.
    ranked = page.evaluate(f"() => document.querySelector('{card} .chart').data[0]")
    assert ranked["x"] == [66.7] and ranked["text"] == ["1.1 Quiz"]
    # At 1280 px the key columns show without scrolling the table.
    edge = page.eval_on_selector(card, "c => c.getBoundingClientRect().right")
    rights = page.eval_on_selector_all(
        f"{card} table th", "ths => ths.map(t => t.getBoundingClientRect().right)"
    )
    assert max(rights[:7]) <= edge
    assert page.watch.problems == []


def test_the_engagement_funnels_group_subsections_under_sections_and_say_where_none(
    page: Any, server: str
) -> None:
    goto(page, f"{server}/courses/{COURSE}/", "#dashboard")
    chart = page.evaluate(
        "() => { const d = document.querySelector('#r-engagement-videos .chart').data;"
        " return { labels: d[0].text, some: d[0].x, all: d[1].x }; }"
    )
    ticks = page.eval_on_selector_all(
        "#r-engagement-videos svg .ytick", "ts => ts.map(t => t.textContent)"
    )
    # v1 (in 1.1) was watched by ANA and EVE; week 2 has no video.
    assert chart["labels"] == ["1 Week 1", "1.1 Lesson 1", "2 Week 2 — no videos here",
                               "2.1 Lesson 2 — no videos here"]  # fmt: skip
    assert chart["some"] == [2, 2, None, None] and chart["all"] == [2, 2, None, None]
    assert ticks[0] == "1 Week 1" and ticks[1] == "\u20031.1 Lesson 1"  # indented under its section
    assert page.watch.problems == []


def test_the_group_page_names_problems_as_the_course_page_does(page: Any, server: str) -> None:
    at_risk(page, server)
    card = "#r-problem-performance"
    first = page.eval_on_selector(f"{card} table tbody tr td", "td => [td.textContent, td.title]")
    problem = f"block-v1:{COURSE.removeprefix('course-v1:')}+type@problem+block@p1"
    assert first == ["1.1 Quiz", problem]  # BEN (at risk) answered it
    ticks = page.eval_on_selector_all(
        "#r-engagement-videos svg .ytick", "ts => ts.map(t => t.textContent)"
    )
    assert "2 Week 2 — no videos here" in ticks
    assert page.watch.problems == []
