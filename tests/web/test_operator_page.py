"""The operator page in headless Chromium: operators see every course, organization and chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aspects.settings import Settings
from tests.auth.helpers import add_user
from tests.factories import PLAYED, enroll, video
from tests.web.conftest import Watch, post, sign_in

pytestmark = pytest.mark.browser

OTHER = "course-v1:Beta+B2+2026"
CARDS = (
    "ingest-status",
    "rejections",
    "storage",
    "slow-queries",
    "statements-per-day",
    "statements-per-hour",
    "active-learners",
    "active-courses",
    "enrollment-over-time",
    "organizations",
    "operator-courses",
)
CHARTS = (
    "statements-per-day",
    "statements-per-hour",
    "active-learners",
    "active-courses",
    "enrollment-over-time",
)


@pytest.fixture
def two_orgs(server: str, basic_auth: dict[str, str]) -> None:
    post(
        server,
        basic_auth,
        [
            enroll("a1", "2026-01-05T10:00:00+00:00"),
            enroll("a2", "2026-01-05T11:00:00+00:00"),
            enroll("b1", "2026-01-06T10:00:00+00:00", course=OTHER),
        ],
    )


@pytest.fixture
def recent(server: str, basic_auth: dict[str, str]) -> None:
    """Activity of the last hours, so the period's charts (and the hourly one) have data."""

    def ago(hours: float) -> str:
        return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()

    post(
        server,
        basic_auth,
        [
            enroll("a1", ago(3), "verified"),
            enroll("b1", ago(2), course=OTHER),
            video("a1", PLAYED, ago(1), 0.0),
        ],
    )


def _open(browser: Any, server: str, settings: Settings) -> tuple[Any, Any, Watch]:
    add_user(settings, "ops", operator=True)
    context = browser.new_context()
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    sign_in(page, server, "ops", "/operator")
    page.wait_for_selector("#operator[data-state=ready]")
    return context, page, watch


def test_the_operator_page_lists_organizations_and_courses(
    browser: Any, server: str, settings: Settings, two_orgs: None
) -> None:
    context, page, watch = _open(browser, server, settings)
    organizations = page.evaluate(
        "() => [...document.querySelectorAll('#organizations tbody tr')]"
        ".map(tr => [...tr.cells].slice(0, 4).map(td => td.textContent))"
    )
    # org, courses, enrolled now, active in the last 7 days (January is long ago).
    assert sorted(organizations) == [["Beta", "1", "1", "0"], ["Org", "1", "2", "0"]]
    assert page.locator("#operator-courses tbody tr").count() == 2
    assert watch.problems == []
    context.close()


def test_every_card_draws_its_report_with_a_csv_link_a_table_and_labelled_axes(
    browser: Any, server: str, settings: Settings, recent: None
) -> None:
    context, page, watch = _open(browser, server, settings)

    # A tile shows exactly what the JSON says.
    status = page.evaluate(
        "() => fetch('/api/v1/operator/reports/ingest-status').then(r => r.json())"
    )
    tile = page.locator("#ingest-status .tile[data-key=total_statements]")
    assert tile.get_attribute("data-value") == str(status["rows"][0]["total_statements"]) == "3"
    assert tile.locator(".value").text_content() == "3"

    for card in CARDS:
        csv = page.locator(f"#{card} a.csv").get_attribute("href")
        assert csv is not None and ".csv" in csv, card
        response = page.request.get(f"{server}{csv}")
        assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
        assert page.locator(f"#{card} details.table-view table caption").count() == 1, card

    for card in CHARTS:
        layout = page.evaluate(
            f"() => {{ const d = document.querySelector('#{card} .chart');"
            " return {x: d.layout.xaxis.title.text, y: d.layout.yaxis.title.text,"
            " hover: d.data.every(t => t.hovertemplate), hidden: d.hidden}; }"
        )
        assert layout["x"] and layout["y"] and layout["hover"] and not layout["hidden"], card
        assert page.locator(f"#{card} table tbody tr").count() > 0, card

    hourly = page.evaluate(
        "() => document.querySelector('#statements-per-hour .chart').data[0].y"
        ".reduce((a, b) => a + b, 0)"
    )
    assert hourly == 3  # the three statements arrived just now, within today's hours

    # Nothing refused: the rejections card says why it is empty.
    empty = page.locator("#rejections .empty")
    assert empty.is_visible() and "No statements refused" in (empty.text_content() or "")
    assert page.locator("#storage tbody tr").count() > 0
    # The slow-query log is asked last: it lists the queries of this page's other cards.
    assert page.locator("#slow-queries tbody tr").count() > 0
    assert watch.problems == []
    context.close()


def test_an_empty_instance_explains_every_empty_card(
    browser: Any, server: str, settings: Settings
) -> None:
    context, page, watch = _open(browser, server, settings)
    for card in (*CHARTS, "ingest-status", "organizations", "operator-courses"):
        message = page.locator(f"#{card} .empty")
        assert message.is_visible(), card
        assert (message.text_content() or "").startswith("No "), card
    assert watch.problems == []
    context.close()


def test_course_staff_may_not_open_the_operator_page(
    browser: Any, server: str, settings: Settings, two_orgs: None
) -> None:
    add_user(settings, "staff", OTHER)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "staff", "/")
    response = page.goto(f"{server}/operator")
    assert response is not None and response.status == 403
    context.close()
