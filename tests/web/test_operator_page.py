"""The operator page in headless Chromium: operators see every course and organization."""

from __future__ import annotations

from typing import Any

import pytest

from aspects.settings import Settings
from tests.auth.helpers import add_user
from tests.reports.factories import enroll
from tests.web.conftest import Watch, post, sign_in

OTHER = "course-v1:Beta+B2+2026"


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


def test_the_operator_page_lists_organizations_and_courses(
    browser: Any, server: str, settings: Settings, two_orgs: None
) -> None:
    add_user(settings, "ops", operator=True)
    context = browser.new_context()
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    sign_in(page, server, "ops", "/operator")
    page.wait_for_selector("#organizations tbody tr")
    organizations = page.evaluate(
        "() => [...document.querySelectorAll('#organizations tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )
    assert sorted(organizations) == [["Beta", "1", "1"], ["Org", "1", "2"]]
    assert page.locator("#operator-courses tbody tr").count() == 2
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
