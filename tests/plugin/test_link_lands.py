"""The link the plugin writes opens that course's dashboard in the real Aspects app."""

from __future__ import annotations

from urllib.parse import urlsplit

from aspects_openedx.links import course_dashboard_url
from django.test import override_settings
from fastapi.testclient import TestClient

from aspects.settings import Settings
from tests.auth.helpers import add_user, sign_in
from tests.plugin.helpers import COURSE_KEY


def test_the_quoted_link_reaches_the_course_page_for_a_signed_in_course_user(
    client: TestClient, settings: Settings
) -> None:
    with override_settings(ASPECTS_DASHBOARD_URL="http://testserver"):
        url = course_dashboard_url(COURSE_KEY)
    assert url is not None
    add_user(settings, "ada", str(COURSE_KEY))
    assert sign_in(client, "ada") == 303

    page = client.get(urlsplit(url).path)

    assert page.status_code == 200, page.text
    assert "course-v1:Org+C1+2026" in page.text


def test_the_quoted_link_sends_a_signed_out_user_to_sign_in_and_back(client: TestClient) -> None:
    with override_settings(ASPECTS_DASHBOARD_URL="http://testserver"):
        url = course_dashboard_url(COURSE_KEY)
    assert url is not None

    page = client.get(urlsplit(url).path, follow_redirects=False)

    # The app decoded the key before routing: "next" is the plain path, quoted once for the query.
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fcourses%2Fcourse-v1%3AOrg%2BC1%2B2026%2F"
