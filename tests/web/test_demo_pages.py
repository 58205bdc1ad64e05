"""All five pages on the demo data (issue 6), in headless Chromium, as the README's demo serves.

A small demo deployment (two courses, 40 learners, through the real ingest path) and an
operator signed in through the login form, as ``aspects demo`` prints. Each page must draw with
no console error and no failed request; the numbers it shows must be the JSON endpoints'.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from aspects.demo.build import build_demo
from aspects.settings import Settings
from aspects.store import Store
from tests.auth.helpers import add_user
from tests.web.conftest import Watch, settle, sign_in

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo(store: Store, settings: Settings) -> list[str]:
    """The demo's course keys, largest first (by enrollments)."""
    build_demo(store, settings, courses=2, learners=40, seed=11, now=NOW)
    rows = store.query(
        "select course_key from xapi_events_all "
        "where verb_id = 'http://adlnet.gov/expapi/verbs/registered' "
        "group by course_key order by uniqExact(actor_id) desc, course_key"
    )
    return [row[0] for row in rows]


@pytest.fixture
def page(browser: Any, server: str, settings: Settings, demo: list[str]) -> Any:
    add_user(settings, "ops", operator=True)
    context = browser.new_context(
        timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.watch = Watch()
    page.watch.attach(page)
    sign_in(page, server, "ops")
    yield page
    context.close()


def api(page: Any, url: str) -> Any:
    """A JSON endpoint with the page's session."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = httpx.get(url, cookies=cookies, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def drawn(page: Any, url: str, root: str) -> None:
    """Open ``url`` and wait until ``root`` says every part is drawn."""
    page.goto(url)
    page.wait_for_selector(f"{root}[data-state=ready]")
    settle(page)


def tile(page: Any, key: str) -> str:
    return page.get_attribute(f"#dashboard .tile[data-key={key}]", "data-value")


def test_every_page_draws_the_demo_with_no_error_and_the_json_numbers(
    page: Any, server: str, demo: list[str]
) -> None:
    course = demo[0]
    base = f"{server}/api/v1/courses/{quote(course, safe='')}"

    # The course list: both demo courses.
    page.goto(f"{server}/")
    page.wait_for_selector("#courses:not([hidden]) tbody tr")
    listed = page.inner_text("#courses")
    names = [r["name"] for r in api(page, f"{server}/api/v1/courses")["rows"]]
    assert len(names) == 2 and all(name in listed for name in names)

    # The course dashboard: enrollment and grade tiles equal the JSON (in the browser's zone).
    drawn(page, f"{server}/courses/{quote(course, safe='')}/", "#dashboard")
    summary = api(page, f"{base}/reports/enrollment-summary?tz=Europe/Paris")["rows"][0]
    assert tile(page, "total_enrollees") == str(summary["total_enrollees"])
    assert tile(page, "current_enrollees") == str(summary["current_enrollees"])
    assert summary["total_enrollees"] > 0
    grades = api(page, f"{base}/reports/grades-summary?tz=Europe/Paris")["rows"][0]
    assert tile(page, "passing") == str(grades["passing"])
    # One funnel: the chart's "at least one" bars are the JSON's, section by section.
    funnel = api(page, f"{base}/reports/engagement-pages?tz=Europe/Paris")["rows"]
    assert any(r["at_least_one"] for r in funnel), "the demo's learners view pages"
    bars = page.evaluate(
        "() => document.querySelector('#r-engagement-pages .chart').data.map(t => t.x)"
    )
    assert bars[:2] == [[r["at_least_one"] for r in funnel], [r["all"] for r in funnel]]

    # The at-risk group: its table is the JSON's learners.
    drawn(page, f"{server}/courses/{quote(course, safe='')}/groups/at-risk", "#group-page")
    members = api(
        page, f"{base}/groups/at-risk/learners?tz=Europe/Paris&page_size=500&sort=last_visit"
    )
    shown = page.eval_on_selector_all(
        "#learners-table tbody tr", "rows => rows.map(r => r.dataset.id)"
    )
    assert shown == [r["anonymous_id"] for r in members["rows"]][: len(shown)]
    assert len(shown) == min(members["total"], len(shown)) and members["total"] > 0

    # One learner: the first of the group.
    learner = members["rows"][0]["anonymous_id"]
    drawn(page, f"{server}/courses/{quote(course, safe='')}/learners/{learner}", "#learner-page")
    profile = api(page, f"{base}/learners/{learner}")
    assert profile["profile"]["username"] in page.inner_text("#learner-page")

    # The operator dashboard: the statement total is the instance's.
    drawn(page, f"{server}/operator", "#operator")
    status = api(page, f"{server}/api/v1/operator/reports/ingest-status")["rows"][0]
    total = page.get_attribute("#operator .tile[data-key=total_statements]", "data-value")
    assert total == str(status["total_statements"]) and status["total_statements"] > 0

    assert page.watch.problems == []
