"""A small hand-built course for the group and learner pages, and helpers to drive them.

Dates are relative to today (UTC): the pages ask for groups as of now. All times 10:00 UTC
unless noted (05:00 or 06:00 in New York, the browser's zone: the same local day). D = today.

    ANA  audit     enrolled D-30; watched v1 0 → 12.5 s on D-20 (seconds 0-12: 13 of 20 = 65.0 %);
                   grade 0.40 on D-20 (not passed)                         → at risk (20 days)
    BEN  verified  enrolled D-30; p1 wrong (attempt 1) on D-12 10:00, right (attempt 2,
                   score 1) 10:02; grade 0.60 "Fail" on D-12                → at risk (12 days)
    CAI  verified  enrolled D-30; moved between units on D-2                 → visited recently
    DEE  audit     enrolled D-30; p1 right on D-15; grade 0.90 "Pass"        → passed
    EVE  audit     enrolled D-25; watched v1 on D-20; unenrolled D-5        → not enrolled now
    FAY  audit     enrolled D-10; nothing else                               → never engaged

At risk (7 days): ANA, BEN; by anonymous id ANA first. Tracks: audit 1, verified 1 (50.0 % each);
grades 40-49 % and 60-69 % one each. E-mails in BCC: ana@…, ben@…. Verified learners: BEN, CAI.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from aspects.store import Store
from tests.factories import (
    COURSE,
    PAUSED,
    PLAYED,
    course_grade,
    enroll,
    evaluated,
    key,
    load_people,
    navigate,
    structure,
    unenroll,
    video,
    xblock,
)
from tests.groups.test_at_risk import BLOCKS
from tests.web.conftest import post, settle, sign_in, watched

ANA = "00000000-0000-4000-8000-0000000000a1"
BEN = "00000000-0000-4000-8000-0000000000b2"
CAI = "00000000-0000-4000-8000-0000000000c3"
DEE = "00000000-0000-4000-8000-0000000000d4"
EVE = "00000000-0000-4000-8000-0000000000e5"
FAY = "00000000-0000-4000-8000-0000000000f6"
PEOPLE = [
    (ANA, 1, "ana", "Ana Alves", "ana@example.org"),
    (BEN, 2, "ben", "Ben Brown", "ben@example.org"),
    (CAI, 3, "cai", "Cai Chen", "cai@example.org"),
    (DEE, 4, "dee", "Dee Diaz", "dee@example.org"),
    (EVE, 5, "eve", "Eve Evans", "eve@example.org"),
    (FAY, 6, "fay", "Fay Fox", "fay@example.org"),
]
TODAY = datetime.now(UTC).date()
PROBLEM = key("problem", "p1")


def day(offset: int, clock: str = "10:00:00") -> str:
    """An ISO UTC timestamp ``offset`` days from today."""
    return f"{TODAY + timedelta(days=offset)}T{clock}+00:00"


def build(server: str, auth: dict[str, str], store: Store) -> None:
    """Structure, identities and statements of the course above."""
    structure(store, BLOCKS)
    load_people(store, PEOPLE)
    post(
        server,
        auth,
        [
            enroll(ANA, day(-30)),
            video(ANA, PLAYED, day(-20), 0.0),
            video(ANA, PAUSED, day(-20, "10:00:13"), 12.5),
            course_grade(ANA, day(-20, "11:00:00"), 0.4),
            enroll(BEN, day(-30), "verified"),
            evaluated(BEN, day(-12), PROBLEM, False, 0.0, attempt=1),
            evaluated(BEN, day(-12, "10:02:00"), PROBLEM, True, 1.0, attempt=2),
            course_grade(BEN, day(-12, "11:00:00"), 0.6, "Fail"),
            enroll(CAI, day(-30), "verified"),
            navigate(CAI, day(-2), xblock(key("sequential", "s1")), 1, "next unit"),
            enroll(DEE, day(-30)),
            evaluated(DEE, day(-15), PROBLEM, True, 1.0, attempt=1),
            course_grade(DEE, day(-15, "11:00:00"), 0.9, "Pass"),
            enroll(EVE, day(-25)),
            video(EVE, PLAYED, day(-20), 0.0),
            video(EVE, PAUSED, day(-20, "10:00:05"), 5.0),
            unenroll(EVE, day(-5)),
            enroll(FAY, day(-10)),
        ],
    )


def open_page(browser: Any, server: str, user: str, viewport: dict[str, int] | None = None) -> Any:
    """A signed-in page in New York time, watched for errors and failed requests."""
    context = browser.new_context(
        timezone_id="America/New_York",
        viewport=viewport or {"width": 1280, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(90_000)  # see ready()
    watched(page)
    sign_in(page, server, user)
    return page


def new_page(context: Any) -> Any:
    """A page of a signed-in context (:func:`tests.web.conftest.signed_in`), watched."""
    page = context.new_page()
    page.set_default_timeout(90_000)  # see ready()
    return watched(page)


def goto(page: Any, url: str, root: str) -> None:
    """Open ``url`` and wait until the page's ``root`` element says it has drawn."""
    settle(page)
    page.goto(url)
    ready(page, root)


def ready(page: Any, root: str) -> None:
    """Wait until ``root`` is drawn and nothing is in flight."""
    # Generous: every group call computes the roster, and CI machines can be busy.
    page.wait_for_selector(f"{root}[data-state=ready]", timeout=90_000)
    settle(page)


def api(page: Any, server: str, path: str, **params: str) -> Any:
    """The JSON at ``/api/v1/courses/{COURSE}{path}`` with the page's session."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = httpx.get(
        f"{server}/api/v1/courses/{COURSE}{path}", params=params, cookies=cookies, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def cells(page: Any, selector: str) -> list[list[str]]:
    """The text of every body cell of a table."""
    return page.evaluate(
        "s => [...document.querySelectorAll(s + ' tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))",
        selector,
    )


def row_ids(page: Any, table: str) -> list[str]:
    """The learner ids (``data-id``) of a table's rows, in order."""
    return list(page.eval_on_selector_all(f"{table} tbody tr", "rs => rs.map(r => r.dataset.id)"))


def fits(page: Any) -> bool:
    """Whether the page needs no sideways scrolling (tables scroll inside their cards)."""
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )
