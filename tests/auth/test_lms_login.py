"""Sign in through the Open edX LMS, end to end, against the LMS stand-in (issue 7).

``tests/auth/lms_standin.py`` follows the real LMS endpoints and payloads exactly (its
docstring lists them); the browser's trip to ``/oauth2/authorize/`` is played by the test.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey

from aspects.app import create_app
from aspects.auth.sessions import SESSION_COOKIE
from aspects.settings import Settings, SettingsError, load_settings
from aspects.store import Store
from tests.auth.lms_standin import AUDIENCE, CLIENT_ID, CLIENT_SECRET, LMS_URL, LmsStandIn, User

A, B, C = "course-v1:OrgA+A1+2026", "course-v1:OrgB+B1+2026", "course-v1:OrgC+C1+2026"


@pytest.fixture
def lms() -> LmsStandIn:
    standin = LmsStandIn()
    standin.users["teacher"] = User("teacher", "t@example.com", "Tea Cher", staff_of=[A, B, C])
    standin.users["learner"] = User("learner", "l@example.com", "Lea Rner")
    standin.users["admin"] = User("admin", "a@example.com", "Ad Min", administrator=True)
    return standin


def lms_settings(
    settings: Settings, lms: LmsStandIn, tmp_path: Path, cache_s: int = 300
) -> Settings:
    return load_settings(
        data_dir=settings.data_dir,
        store={"database": settings.store.database},
        lrs={"credentials_file": tmp_path / "lrs.json"},
        auth={
            "mode": "lms",
            "tokens_file": tmp_path / "tokens.json",
            "lms": {
                "url": LMS_URL,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "jwks": lms.public_jwks(),
                "audience": AUDIENCE,
                "courses_cache_s": cache_s,
            },
        },
    )


def lms_client(settings: Settings, store: Store, lms: LmsStandIn) -> Iterator[TestClient]:
    app = create_app(settings, store)
    assert app.state.auth.lms is not None
    app.state.auth.lms.transport = lms.transport()
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client_lms(
    settings: Settings, store: Store, lms: LmsStandIn, tmp_path: Path
) -> Iterator[TestClient]:
    yield from lms_client(lms_settings(settings, lms, tmp_path), store, lms)


def sign_in(client: TestClient, lms: LmsStandIn, username: str) -> int:
    """/login → the LMS's authorize page (played here) → back to the callback."""
    start = client.get("/login?next=/api/v1/me", follow_redirects=False)
    assert start.status_code == 303
    target = urlsplit(start.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{LMS_URL}/oauth2/authorize/"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/login/lms/callback"
    callback = client.get(
        "/login/lms/callback",
        params={"code": lms.authorize(username), "state": query["state"]},
        follow_redirects=False,
    )
    return callback.status_code


def test_course_staff_sign_in_and_see_every_course_of_a_multi_page_list(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    assert sign_in(client_lms, lms, "teacher") == 303
    me = client_lms.get("/api/v1/me").json()
    assert me["username"] == "teacher" and me["email"] == "t@example.com"
    assert me["courses"] == [A, B, C]  # C is on the second page of the LMS's list
    assert me["operator"] is False and me["pii"] is True
    assert client_lms.get(f"/api/v1/courses/{C}/reports/enrollment-summary").status_code == 200
    other = "course-v1:OrgD+D1+2026"
    assert client_lms.get(f"/api/v1/courses/{other}/reports/enrollment-summary").status_code == 403
    assert client_lms.get("/operator", follow_redirects=False).status_code == 403


def test_the_course_list_is_cached_then_read_again(client_lms: TestClient, lms: LmsStandIn) -> None:
    assert sign_in(client_lms, lms, "teacher") == 303
    before = lms.course_requests
    for _ in range(3):
        client_lms.get("/api/v1/me")
    assert lms.course_requests == before  # within courses_cache_s: no LMS call


def test_global_staff_see_every_course_and_the_operator_view(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    assert sign_in(client_lms, lms, "admin") == 303
    me = client_lms.get("/api/v1/me").json()
    assert me["all_courses"] is True and me["operator"] is True


def test_a_learner_without_courses_gets_a_clear_no_access_page(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    assert sign_in(client_lms, lms, "learner") == 303
    assert "You have no course access" in client_lms.get("/account").text
    assert client_lms.get(f"/api/v1/courses/{A}/reports/enrollment-summary").status_code == 403


def test_a_token_signed_with_another_key_is_refused(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    intruder = RSAKey.generate_key(2048, {"kid": "lms-1"})
    forged = lms.jwt_for(lms.users["admin"], key=intruder)
    verifier = client_lms.app.state.auth.lms  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="not valid"):
        verifier.verify(forged)
    lms.jwt_for = lambda user, expires_in=None, key=None: forged  # type: ignore[method-assign]
    assert sign_in(client_lms, lms, "admin") == 403
    assert SESSION_COOKIE not in client_lms.cookies


def test_an_expired_token_is_refused_at_sign_in(client_lms: TestClient, lms: LmsStandIn) -> None:
    lms.token_lifetime_s = -120  # beyond the verifier's 30 s leeway
    assert sign_in(client_lms, lms, "teacher") == 403
    assert client_lms.get("/api/v1/me").status_code == 401


def test_a_session_ends_when_its_lms_token_expires(
    client_lms: TestClient, lms: LmsStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sign_in(client_lms, lms, "teacher") == 303
    later = time.time() + lms.token_lifetime_s + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client_lms.get("/api/v1/me").status_code == 401


def test_lms_down_at_sign_in_shows_a_clear_page_and_grants_nothing(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    start = client_lms.get("/login", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    lms.down = True
    page = client_lms.get("/login/lms/callback", params={"code": "c", "state": state})
    assert page.status_code == 503 and "The LMS is not answering" in page.text
    assert SESSION_COOKIE not in client_lms.cookies


def test_lms_down_when_the_course_list_expires_grants_nothing(
    settings: Settings, store: Store, lms: LmsStandIn, tmp_path: Path
) -> None:
    for client in lms_client(lms_settings(settings, lms, tmp_path, cache_s=0), store, lms):
        assert sign_in(client, lms, "teacher") == 303
        lms.down = True
        response = client.get(f"/api/v1/courses/{A}/reports/enrollment-summary")
        assert response.status_code == 503 and "LMS" in response.json()["error"]
        assert client.get("/account").status_code == 503
        assert client.get("/healthz").status_code == 200  # health does not depend on the LMS
        lms.down = False
        assert client.get(f"/api/v1/courses/{A}/reports/enrollment-summary").status_code == 200


def test_a_callback_with_a_foreign_state_is_refused(
    client_lms: TestClient, lms: LmsStandIn
) -> None:
    client_lms.get("/login", follow_redirects=False)
    page = client_lms.get(
        "/login/lms/callback", params={"code": lms.authorize("admin"), "state": uuid.uuid4().hex}
    )
    assert page.status_code == 400
    assert SESSION_COOKIE not in client_lms.cookies


def test_lms_mode_without_its_settings_names_the_missing_variables() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(auth={"mode": "lms"})
    for name in ("URL", "CLIENT_ID", "CLIENT_SECRET", "JWKS"):
        assert f"ASPECTS_AUTH__LMS__{name}" in str(caught.value)
