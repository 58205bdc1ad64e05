"""The instructor dashboard MFE: ``InstructorDashboardTabsRequested`` (openedx-filters 3.4+)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import override_settings
from openedx_filters.learning.filters import InstructorDashboardTabsRequested

from tests.plugin.helpers import COURSE_KEY, COURSE_URL

USER = object()  # the LMS passes the Django user; the step does not read it


def lms_tabs() -> list[dict[str, Any]]:
    """Tabs shaped like the LMS's own (tab_id, title, url, sort_order)."""
    return [
        {"tab_id": "course_info", "title": "Info", "url": "/i/c/info", "sort_order": 10},
        {"tab_id": "grading", "title": "Grading", "url": "/i/c/grading", "sort_order": 40},
        {"tab_id": "special_exams", "title": "Exams", "url": "/i/c/exams", "sort_order": 110},
    ]


def run(tabs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # openedx-filters 3.5+ returns (tabs, user, course_key); 3.4 returned the tabs alone.
    result, user, course_key = InstructorDashboardTabsRequested.run_filter(
        tabs=tabs, user=USER, course_key=COURSE_KEY
    )
    assert user is USER and course_key is COURSE_KEY
    assert result is not None
    return result


@pytest.mark.usefixtures("aspects_url")
def test_the_analytics_tab_is_added_last_with_the_course_dashboard_url() -> None:
    tabs = run(lms_tabs())

    assert tabs[:3] == lms_tabs()
    assert tabs[3] == {
        "tab_id": "aspects_analytics",
        "title": "Analytics",
        "url": COURSE_URL,
        "sort_order": 120,  # 10 past the largest, 110
    }


@pytest.mark.usefixtures("aspects_url")
def test_with_no_other_tabs_the_analytics_tab_is_the_only_one() -> None:
    assert [(t["tab_id"], t["sort_order"]) for t in run([])] == [("aspects_analytics", 10)]


@pytest.mark.usefixtures("aspects_url")
def test_running_the_filter_twice_adds_one_tab() -> None:
    assert [t["tab_id"] for t in run(run([]))] == ["aspects_analytics"]


@pytest.mark.parametrize("value", [None, "", "ftp://aspects.example.com"])
@pytest.mark.usefixtures("steps_registered")
def test_without_a_usable_url_setting_the_tabs_are_unchanged_and_a_warning_logged(
    value: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    tabs = lms_tabs()
    options = {} if value is None else {"ASPECTS_DASHBOARD_URL": value}

    with override_settings(**options), caplog.at_level(logging.WARNING):
        result = run(tabs)

    assert result is tabs
    assert result == lms_tabs()
    assert "ASPECTS_DASHBOARD_URL" in caplog.text


@pytest.mark.usefixtures("steps_registered")
def test_a_base_url_with_a_trailing_slash_and_a_path_gives_one_slash() -> None:
    with override_settings(ASPECTS_DASHBOARD_URL="https://lms.example.com/aspects/"):
        [tab] = run([])

    assert tab["url"] == "https://lms.example.com/aspects/courses/course-v1%3AOrg%2BC1%2B2026/"
