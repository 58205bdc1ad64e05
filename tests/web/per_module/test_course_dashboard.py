"""The course list and the course dashboard in headless Chromium, on a hand-built course.

Dates are relative to today (UTC) so "last 7 days" has something to show. Hand-worked:

    a1 audit     enrolled D-60                          grade 0.95 "Pass"
    v2 verified  enrolled D-60                          grade 0.55 "Fail"
    a3 audit     enrolled D-20, unenrolled D-3          (not current)
    v4 verified  enrolled D-3                           grade 0.72 "Pass"
    a5 audit     enrolled D-10 at 02:00 UTC             no grade yet

Whole run: 5 ever enrolled, 4 now (80.0 %); audit 2 (50.0 %), verified 2 (50.0 %).
Grades of current enrollees: passing a1 v4 = 2 of 4 (50.0 %); graded 0.95 0.55 0.72 → mean
0.74 (74.0 %), median 0.72 (72.0 %); buckets 90-100 %, 50-59 %, 70-79 % one each, 1 no grade.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.factories import COURSE, course_grade, enroll, unenroll
from tests.web.conftest import post, settle, watched

# The tests only read the course: one server, one course and one signed-in browser context for
# the module (tests/web/conftest.py), on one worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-course-dashboard")]

TODAY = datetime.now(UTC).date()


def day(offset: int, clock: str = "10:00:00") -> str:
    return f"{TODAY + timedelta(days=offset)}T{clock}+00:00"


@pytest.fixture(scope="module")
def course(module_server: str, module_auth: dict[str, str]) -> str:
    post(
        module_server,
        module_auth,
        [
            enroll("a1", day(-60), "audit"),
            enroll("v2", day(-60), "verified"),
            enroll("a3", day(-20), "audit"),
            unenroll("a3", day(-3), "audit"),
            enroll("v4", day(-3), "verified"),
            enroll("a5", day(-10, "02:00:00"), "audit"),
            course_grade("a1", day(-2), 0.95, "Pass"),
            course_grade("v2", day(-2), 0.55, "Fail"),
            course_grade("v4", day(-1), 0.72, "Pass"),
        ],
    )
    return COURSE


@pytest.fixture
def page(signed_in: Any, server: str, course: str) -> Any:
    """A page of the signed-in context, on the course list where signing in leads."""
    page = watched(signed_in.new_page())
    page.goto(f"{server}/")
    settle(page)
    yield page
    page.close()


def dashboard(page: Any, server: str, query: str = "") -> None:
    settle(page)  # the previous page's fetches are done
    page.goto(f"{server}/courses/{COURSE}/{query}")
    ready(page)


def ready(page: Any) -> None:
    page.wait_for_selector("#dashboard[data-state=ready]", timeout=20_000)
    settle(page)  # nothing in flight to abort by the next step


def table_rows(page: Any, selector: str) -> list[list[str]]:
    """The cells of a table's body, read from the DOM (a closed <details> shows no text)."""
    return page.evaluate(
        "s => [...document.querySelectorAll(s + ' tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))",
        selector,
    )


def tile(page: Any, key: str) -> str:
    return page.get_attribute(f".tile[data-key={key}]", "data-value")


def query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def api(page: Any, server: str, report: str, **params: str) -> Any:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = httpx.get(
        f"{server}/api/v1/courses/{COURSE}/reports/{report}", params=params, cookies=cookies
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_the_course_list_shows_the_course_with_search_and_org_filter(
    page: Any, server: str
) -> None:
    page.wait_for_selector("#courses tbody tr")
    cells = page.inner_text("#courses tbody tr").split("\t")
    assert cells[0].strip() == COURSE and cells[1] == "Org" and cells[3] == "4"  # enrolled now
    page.fill("#q", "no such course")
    assert page.is_visible("#courses-status") and "q=no+such+course" in page.url
    page.fill("#q", "C1")
    page.select_option("#org", "Org")
    assert page.locator("#courses tbody tr").count() == 1
    assert page.inner_text("#user") == "author"
    page.click("#courses tbody a")
    ready(page)
    assert urlparse(page.url).path == f"/courses/{COURSE}/"
    assert page.watch.problems == []


def test_the_dashboard_shows_the_hand_worked_numbers_and_the_json(page: Any, server: str) -> None:
    dashboard(page, server)
    state = query(page)
    assert state["tz"] == "America/New_York" and state["period"] == "run"  # the browser's zone
    summary = api(page, server, "enrollment-summary", tz=state["tz"])["rows"][0]
    assert (tile(page, "total_enrollees"), tile(page, "current_enrollees")) == ("5", "4")
    assert summary["total_enrollees"] == 5 and summary["current_enrollees"] == 4
    assert "80.0 % of ever enrolled" in page.inner_text("#enrollment-summary")
    grades = api(page, server, "grades-summary")["rows"][0]
    assert tile(page, "passing") == str(grades["passing"]) == "2"
    assert tile(page, "mean_grade_pct") == "74" and grades["mean_grade_pct"] == 74.0
    assert tile(page, "median_grade_pct") == "72" and grades["median_grade_pct"] == 72.0
    # The grade chart: its traces equal the JSON, with the "no grade yet" bar.
    bars = page.evaluate(
        "() => { const d = document.querySelector('#grade-distribution .chart').data[0];"
        " return Object.fromEntries(d.x.map((x, i) => [x, d.y[i]])); }"
    )
    expected = {r["bucket"]: r["learners"] for r in api(page, server, "grade-distribution")["rows"]}
    assert bars == expected
    assert {k: v for k, v in bars.items() if v} == {
        "50-59%": 1,
        "70-79%": 1,
        "90-100%": 1,
        "no grade yet": 1,
    }
    assert table_rows(page, "#enrollment-by-track") == [
        ["audit", "2", "50.0 %"],
        ["verified", "2", "50.0 %"],
    ]
    # The change card follows "Course run" too: from before the first enrollment to now,
    # 5 new, a3 out (columns: track, at from, at to, change, new, re-enrolled, unenrolled).
    assert table_rows(page, "#enrollment-change")[0][:7] == ["all", "0", "4", "4", "5", "0", "1"]
    assert "Over the whole course run" in page.inner_text("#enrollment-change")
    # Drawn (charts.js): one bar per bucket, each as tall as its count (1 learner each here, or
    # none), the tick labels the buckets, and a bar's hover template filled in on hover.
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('#grade-distribution svg .bar')]"
        ".map((r) => Math.round(+r.getAttribute('height')))"
    )
    assert len(drawn) == len(expected)
    heights = dict(zip(expected, drawn, strict=True))
    assert {k for k, h in heights.items() if h} == {k for k, v in expected.items() if v}
    assert len({h for h in heights.values() if h}) == 1  # equal counts, equal heights
    ticks = page.evaluate(
        "() => [...document.querySelectorAll('#grade-distribution svg .xtick')]"
        ".map((t) => t.textContent)"
    )
    assert ticks == list(expected)
    page.locator("#grade-distribution svg .bar").last.hover()
    assert page.inner_text("#grade-distribution .chart-tip") == "no grade yet: 1 learners"
    for name in ("engagement-pages", "problem-performance"):
        assert page.locator(f"#r-{name}").count() == 1  # a section, filled or pending
    assert page.watch.problems == []


def test_period_and_zone_change_the_url_and_the_numbers(page: Any, server: str) -> None:
    dashboard(page, server)
    page.select_option("#period", "7")
    ready(page)
    assert query(page)["period"] == "7"
    # Last 7 days ending today: a3 left and v4 joined; 4 enrolled at both ends.
    # (columns: track, at from, at to, change, new, re-enrolled, unenrolled)
    assert table_rows(page, "#enrollment-change")[0][:7] == ["all", "4", "4", "0", "1", "0", "1"]
    points = page.evaluate(
        "() => document.querySelector('#enrollment-over-time .chart').data[0].y.length"
    )
    assert points == 7
    assert "Enrollment and grades: now; activity: during the period." in page.inner_text(
        "#period-label"
    )
    assert "enrolled now" in page.inner_text("#enrollment-summary")
    page.select_option("#period", "30")
    ready(page)
    # Last 30 days: a3, a5, v4 joined, a3 left; 2 enrolled at the start, 4 at the end.
    assert table_rows(page, "#enrollment-change")[0][:7] == ["all", "2", "4", "2", "3", "0", "1"]
    # A custom period that ends the day before a5 enrolled in UTC, which is a5's
    # enrollment day in New York (02:00 UTC is the evening before): the zone decides.
    until = str(TODAY - timedelta(days=11))
    settle(page)
    page.goto(
        f"{server}/courses/{COURSE}/?period=custom&from={TODAY - timedelta(days=90)}"
        f"&until={until}&tz=UTC"
    )
    ready(page)
    assert (tile(page, "total_enrollees"), tile(page, "current_enrollees")) == ("3", "3")
    # A past period's tiles say they count at its end, not "now"; the period line says which
    # cards count what.
    summary = page.inner_text("#enrollment-summary")
    assert "enrolled at the end of the period" in summary and "enrolled now" not in summary
    assert "Enrollment and grades: at the end of the period" in page.inner_text("#period-label")
    page.select_option("#tz", "America/New_York")
    ready(page)
    assert query(page)["tz"] == "America/New_York" and query(page)["until"] == until
    assert (tile(page, "total_enrollees"), tile(page, "current_enrollees")) == ("4", "4")
    assert page.watch.problems == []


def test_csv_links_download_the_reports(page: Any, server: str) -> None:
    dashboard(page, server, "?period=30")
    downloaded = {}
    for card in ("enrollment-summary", "grade-distribution", "enrollment-over-time"):
        with page.expect_download() as info:
            page.click(f"#{card} a.csv")
        downloaded[card] = Path(info.value.path()).read_text().splitlines()
        assert downloaded[card][0] == ",".join(api(page, server, card)["columns"]), card
    assert downloaded["enrollment-summary"][1] == "5,4,80.0"
    assert downloaded["grade-distribution"][-1] == "no grade yet,1"
    assert len(downloaded["enrollment-over-time"]) == 1 + 30 * 3  # all + 2 tracks, 30 days
    assert page.watch.problems == []


def test_anonymous_visitors_are_sent_to_sign_in(browser: Any, server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/courses/{COURSE}/")
    assert urlparse(page.url).path == "/login"
    context.close()
