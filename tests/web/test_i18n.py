"""Page text: marked for translation, collected in one catalogue, shown in the viewer's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient

from aspects.lms.sink import insert_rows
from aspects.settings import Settings
from aspects.store import Store
from aspects.web import i18n
from tests.auth.helpers import COURSE_A, add_user, sign_in
from tests.lms.factories import overview


def test_the_shipped_catalogue_template_has_every_marked_string() -> None:
    # `aspects i18n extract` writes it; a string marked in a template or script after that
    # and not collected would never reach a translator.
    with i18n.TEMPLATE.open("rb") as source:
        shipped = i18n.message_ids(read_po(source))
    marked = i18n.message_ids(i18n.extract())
    assert marked - shipped == set(), "run `aspects i18n extract` and commit the .pot"
    assert shipped - marked == set(), "the .pot has strings no page uses any more"


def test_strings_from_templates_and_from_scripts_are_both_collected() -> None:
    catalog = i18n.extract()
    files = {loc[0].split("/")[0] for message in catalog for loc in message.locations}
    assert files == {"templates", "static", "pages.py", "learner_pages.py", "rendering.py"}  # N_
    assert "Period" in i18n.message_ids(catalog)  # a template label (operator.html)


def test_the_course_dashboard_scripts_strings_are_collected_with_their_placeholders() -> None:
    by_id = {m.id: m for m in i18n.extract() if isinstance(m.id, str)}
    # course.js: an empty state, a {placeholder} sentence, a Plotly hover template's words.
    for message in (
        "No enrollment changes in this period.",
        "{pct} of ever enrolled",
        "%{x}: %{y} learners (%{text})",
    ):
        assert "static/course.js" in {loc[0] for loc in by_id[message].locations}, message
    with i18n.TEMPLATE.open("rb") as source:
        assert "No enrollment changes in this period." in i18n.message_ids(read_po(source))
    assert "No course matches the search." in by_id  # courses.js
    # Section titles defined in Python, and the titles of the pages pages.py renders.
    problems = by_id["Problems: attempted, correct and attempts per problem"]
    assert [loc[0] for loc in problems.locations] == ["pages.py"]
    assert {"Courses", "Operator", "Not a course"} <= by_id.keys()
    # Course names, keys and the API's column names are data, never messages.
    assert {"course_key", "enrollment-summary", "day", "all"}.isdisjoint(by_id)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),  # primary subtag
        ("pt-BR", "pt_BR"),  # exact tag, underscore in the catalogue's folder name
        ("de,fr;q=0.5", "fr"),  # the first acceptable one offered
        ("en;q=0.9,fr;q=0.1", "fr"),  # only fr is offered
        ("fr;q=0", None),  # q=0: not acceptable
        ("", None),
        (None, None),
        ("fr;q=abc", None),  # a malformed weight counts as 0
    ],
)
def test_the_language_follows_accept_language(header: str | None, expected: str | None) -> None:
    assert i18n.choose(header, ["fr", "pt_BR"]) == expected


def test_a_higher_weight_wins_over_an_earlier_position() -> None:
    assert i18n.choose("fr;q=0.2,pt-BR;q=0.8", ["fr", "pt_BR"]) == "pt_BR"


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A French catalogue (two entries translated, one fuzzy) in a temporary locale folder."""
    with i18n.TEMPLATE.open("rb") as source:
        catalog = read_po(source, locale="fr")
    catalog["Period"].string = "Période"
    catalog["Health"].string = "Santé"
    catalog["Health"].flags.add("fuzzy")  # fuzzy: not yet reviewed, so not shown
    target = tmp_path / "fr" / "LC_MESSAGES" / "aspects.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_po(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    return tmp_path


def test_a_catalogue_translates_reviewed_entries_only(french: Path) -> None:
    assert i18n.languages() == ("fr",)
    fr = i18n.translations("fr")
    assert fr.gettext("Period") == "Période"
    assert fr.gettext("Health") == "Health"  # fuzzy
    assert fr.gettext("never marked") == "never marked"
    assert i18n.script_messages("fr") == {"Period": "Période"}
    assert i18n.script_messages(None) == {}


@pytest.fixture
def operator_client(settings: Settings, client: TestClient) -> TestClient:
    """The real app with an operator signed in through the login form."""
    add_user(settings, "ops", operator=True)
    sign_in(client, "ops")
    return client


def test_the_operator_page_is_shown_in_french_to_a_french_browser(
    french: Path, operator_client: TestClient
) -> None:
    page = operator_client.get("/operator", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    assert "<label>Période" in page.text and "<label>Period" not in page.text
    assert '<script type="application/json" id="messages">' in page.text  # for the scripts
    english = operator_client.get("/operator", headers={"Accept-Language": "en-US"})
    assert "Période" not in english.text and '<html lang="en"' in english.text
    assert 'id="messages"' not in english.text


# Course-dashboard text from each place it is written: a template heading, a card title passed
# to the card macro, a section title marked in pages.py, the header (with a placeholder), a
# page title, and a string only the dashboard's script shows.
DASHBOARD_FR = {
    "Enrollment": "Inscriptions",
    "Learners enrolled now, by track": "Inscrits actuels, par parcours",
    "Problems: attempted, correct and attempts per problem": "Problèmes : tentés et réussis",
    "Signed in as %(user)s": "Connecté : %(user)s",
    "Courses": "Cours",
    "No enrollment changes in this period.": "Aucun changement sur la période.",
}


@pytest.fixture
def french_dashboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A French catalogue translating the strings of DASHBOARD_FR."""
    with i18n.TEMPLATE.open("rb") as source:
        catalog = read_po(source, locale="fr")
    for english, french in DASHBOARD_FR.items():
        catalog[english].string = french
    target = tmp_path / "fr" / "LC_MESSAGES" / "aspects.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_po(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    return tmp_path


@pytest.fixture
def course_client(settings: Settings, client: TestClient) -> TestClient:
    """The real app with a member of COURSE_A's team signed in."""
    add_user(settings, "équipe<A>", COURSE_A)  # markup in the name: escaped in the header
    sign_in(client, "équipe<A>")
    return client


def test_the_course_dashboard_is_shown_in_french_to_a_french_browser(
    french_dashboard: Path, course_client: TestClient
) -> None:
    french = {"Accept-Language": "fr"}
    page = course_client.get(f"/courses/{COURSE_A}/", headers=french)
    assert page.status_code == 200
    html = page.text
    assert "<h2>Inscriptions</h2>" in html and "<h2>Enrollment</h2>" not in html
    assert '<h3 id="enrollment-by-track-title">Inscrits actuels, par parcours</h3>' in html
    assert ">Problèmes : tentés et réussis</h3>" in html  # a filled or a pending section
    assert '<span>Connecté : <strong id="user">équipe&lt;A&gt;</strong></span>' in html
    assert f"<title>{COURSE_A} · Aspects</title>" in html  # the course key is not looked up
    messages = re.search(r'<script type="application/json" id="messages">(.*?)</script>', html)
    assert messages, "the page carries no translations for its scripts"
    script_text = json.loads(messages.group(1))  # what course.js's _() looks up
    assert (
        script_text["No enrollment changes in this period."] == "Aucun changement sur la période."
    )
    english = course_client.get(f"/courses/{COURSE_A}/", headers={"Accept-Language": "en"})
    assert "<h2>Enrollment</h2>" in english.text
    assert '<span>Signed in as <strong id="user">équipe&lt;A&gt;</strong></span>' in english.text
    courses = course_client.get("/", headers=french)  # a page title marked in pages.py
    assert "<title>Cours · Aspects</title>" in courses.text
    assert '<a href="/">Cours</a>' in courses.text  # the header's link, from base.html


def test_the_dashboard_is_headed_by_the_course_name_from_the_lms(
    course_client: TestClient, store: Store
) -> None:
    name = "Intro <b>Things</b>"
    insert_rows(store, "course_overviews", [overview(course_key=COURSE_A, display_name=name)])
    html = course_client.get(f"/courses/{COURSE_A}/").text
    assert '<h1 id="course-name">Intro &lt;b&gt;Things&lt;/b&gt;</h1>' in html  # escaped
    assert "<title>Intro &lt;b&gt;Things&lt;/b&gt; · Aspects</title>" in html
    assert f'<p class="key">{COURSE_A}</p>' in html
