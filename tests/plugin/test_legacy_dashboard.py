"""The legacy instructor dashboard: ``InstructorDashboardRenderStarted`` and its Mako include."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aspects_openedx.settings import TEMPLATES_DIR
from django.test import override_settings
from mako.lookup import TemplateLookup
from openedx_filters.learning.filters import InstructorDashboardRenderStarted

from tests.plugin.helpers import COURSE_KEY, COURSE_URL, Course

TEMPLATE = "instructor/instructor_dashboard_2/instructor_dashboard_2.html"

# What the LMS template lms/templates/instructor/instructor_dashboard_2/instructor_dashboard_2.html
# does with the sections: a nav button each, then an include of
# "{template_path_prefix}{section_key}.html" with section_data, all under expression_filter="h".
DASHBOARD = """<%page expression_filter="h"/>
<ul class="instructor-nav">
% for section_data in sections:
<li><button data-section="${section_data['section_key']}">${section_data['section_display_name']}\
</button></li>
% endfor
</ul>
% for section_data in sections:
<section id="${section_data['section_key']}" class="idash-section">
<%include \
file="${section_data.get('template_path_prefix', '')}${section_data['section_key']}.html" \
args="section_data=section_data"/>
</section>
% endfor
"""


def render_dashboard(context: dict[str, Any]) -> str:
    """Render the sections the way the LMS does: Mako, edx-platform's default filters."""
    lookup = TemplateLookup(directories=[str(TEMPLATES_DIR)], default_filters=["decode.utf8"])
    lookup.put_string("dashboard.html", DASHBOARD)
    return str(lookup.get_template("dashboard.html").render(**context))


def run(context: dict[str, Any]) -> tuple[dict[str, Any], str]:
    result, template = InstructorDashboardRenderStarted.run_filter(
        context=context, template_name=TEMPLATE
    )
    assert result is not None and template is not None
    return result, template


@pytest.mark.usefixtures("aspects_url")
def test_analytics_section_links_to_the_course_dashboard_with_the_key_quoted() -> None:
    context, template = run({"course": Course(COURSE_KEY), "sections": []})

    assert template == TEMPLATE
    [section] = context["sections"]
    assert section["section_key"] == "aspects_analytics"
    assert section["section_display_name"] == "Analytics"
    assert section["template_path_prefix"] == "/aspects_openedx/"
    assert section["course_id"] == "course-v1:Org+C1+2026"
    assert section["aspects_url"] == COURSE_URL


@pytest.mark.usefixtures("aspects_url")
def test_existing_sections_are_kept_and_analytics_comes_last() -> None:
    existing = [
        {"section_key": "course_info", "section_display_name": "Course Info"},
        {"section_key": "membership", "section_display_name": "Membership"},
    ]
    context, _ = run({"course": Course(COURSE_KEY), "sections": existing, "studio_url": "x"})

    assert [s["section_key"] for s in context["sections"]] == [
        "course_info",
        "membership",
        "aspects_analytics",
    ]
    assert context["studio_url"] == "x"
    assert len(existing) == 2, "the view's own list is not changed behind its back"


@pytest.mark.usefixtures("aspects_url")
def test_the_dashboard_renders_the_analytics_button_and_a_link_opening_aspects() -> None:
    context, _ = run({"course": Course(COURSE_KEY), "sections": []})

    html = render_dashboard(context)

    assert '<button data-section="aspects_analytics">Analytics</button>' in html
    assert (
        f'<a class="btn btn-primary" href="{COURSE_URL}" target="_blank" '
        'rel="noopener noreferrer">Open Analytics</a>'
    ) in html
    assert "Enrollment, engagement and performance of Demo Course" in html


@pytest.mark.usefixtures("steps_registered")
def test_a_hostile_course_name_and_url_are_escaped_in_the_rendered_section() -> None:
    name = '<script>alert("name")</script> & co'
    with override_settings(ASPECTS_DASHBOARD_URL='https://aspects.example.com/x"><script>'):
        context, _ = run({"course": Course(COURSE_KEY, display_name=name), "sections": []})

    html = render_dashboard(context)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; co" in html
    assert 'href="https://aspects.example.com/x&quot;&gt;&lt;script&gt;/courses/' in html


@pytest.mark.parametrize("value", [None, "", "javascript:alert(1)", "aspects.example.com"])
@pytest.mark.usefixtures("steps_registered")
def test_without_a_usable_url_setting_the_context_is_unchanged_and_a_warning_logged(
    value: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    sections = [{"section_key": "course_info", "section_display_name": "Course Info"}]
    original = {"course": Course(COURSE_KEY), "sections": sections}
    options = {} if value is None else {"ASPECTS_DASHBOARD_URL": value}

    with override_settings(**options), caplog.at_level(logging.WARNING):
        context, template = run(dict(original))

    assert context == original
    assert context["sections"] is sections
    assert template == TEMPLATE
    assert "ASPECTS_DASHBOARD_URL" in caplog.text


@pytest.mark.usefixtures("aspects_url")
def test_running_the_filter_twice_adds_one_section() -> None:
    once, _ = run({"course": Course(COURSE_KEY), "sections": []})
    twice, _ = run(once)

    assert [s["section_key"] for s in twice["sections"]] == ["aspects_analytics"]
