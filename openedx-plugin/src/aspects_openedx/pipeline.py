"""The two pipeline steps that add the Analytics tab to the LMS instructor dashboard.

Register them in ``OPEN_EDX_FILTERS_CONFIG`` (the plugin's settings do it when installed as a
plugin app; see ``aspects_openedx.settings``). Neither step raises nor stops the pipeline: when
``ASPECTS_DASHBOARD_URL`` is unusable each returns its input unchanged, so other plugins' steps
still run and the dashboard renders as before.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep

from aspects_openedx.links import course_dashboard_url

SECTION_KEY = "aspects_analytics"
# The legacy dashboard includes the Mako template "{template_path_prefix}{section_key}.html"
# from its template directories; the plugin's settings add this package's templates/ to them.
TEMPLATE_PATH_PREFIX = "/aspects_openedx/"
TAB_ID = "aspects_analytics"


def section_body(url: str, course_name: str) -> str:
    """The HTML inside the legacy dashboard's Analytics section, every value escaped.

    Returns a Django ``SafeString``: it has ``__html__``, which the dashboard's Mako ``h`` filter
    (markupsafe) honours, so the markup is written once and the values are escaped once.
    The link opens a new window: the Aspects pages refuse to be framed (``frame-ancestors
    'none'``).
    """
    intro = _(
        "Enrollment, engagement and performance of {course}, minutes after learners act."
    ).format(course=course_name)
    return format_html(
        '<p>{}</p><p><a class="btn btn-primary" href="{}" target="_blank" '
        'rel="noopener noreferrer">{}</a></p>',
        intro,
        url,
        _("Open Analytics"),
    )


class AddLegacyDashboardSection(PipelineStep):
    """Add an Analytics section to the legacy instructor dashboard.

    Filter ``org.openedx.learning.instructor.dashboard.render.started.v1``
    (``InstructorDashboardRenderStarted``), run by the LMS view ``instructor_dashboard_2``.
    """

    def run_filter(self, context: dict[str, Any], template_name: str) -> dict[str, Any]:
        """Return the context with the Analytics section appended to ``context["sections"]``.

        Args:
            context: the dashboard's template context; ``context["course"]`` is the course block.
            template_name: the dashboard template, left as it is.
        """
        course = context.get("course")
        course_key = getattr(course, "id", None)
        url = course_dashboard_url(course_key) if course_key is not None else None
        sections = list(context.get("sections") or [])
        if url is None or any(s.get("section_key") == SECTION_KEY for s in sections):
            return {"context": context, "template_name": template_name}
        sections.append(
            {
                "section_key": SECTION_KEY,
                "section_display_name": _("Analytics"),
                "template_path_prefix": TEMPLATE_PATH_PREFIX,
                "course_id": str(course_key),
                "aspects_url": url,
                "body_html": section_body(url, str(getattr(course, "display_name", "") or "")),
            }
        )
        # A new dict: the caller's context is not changed behind its back.
        return {"context": {**context, "sections": sections}, "template_name": template_name}


class AddMfeDashboardTab(PipelineStep):
    """Add an Analytics tab to the instructor dashboard MFE.

    Filter ``org.openedx.learning.instructor.dashboard.tabs.requested.v1``
    (``InstructorDashboardTabsRequested``, openedx-filters 3.4+), run by the LMS serializer
    ``CourseInformationSerializerV2.get_tabs``. The MFE shows the tabs as data (React escapes
    the title); like the LMS's own Bulk Email tab, the URL is absolute.
    """

    def run_filter(self, tabs: list[dict[str, Any]], user: Any, course_key: Any) -> dict[str, Any]:
        """Return the tabs with the Analytics tab appended, after every other tab.

        Args:
            tabs: dicts with ``tab_id``, ``title``, ``url`` and ``sort_order``.
            user: the staff member asking; the LMS already checked their access to the course.
            course_key: the course's ``CourseKey``.
        """
        url = course_dashboard_url(course_key)
        current = list(tabs or [])
        if url is None or any(t.get("tab_id") == TAB_ID for t in current):
            return {"tabs": tabs}
        # sort_order is the MFE's ordering contract; one step past the largest keeps us last.
        orders = [t.get("sort_order") for t in current]
        last = max((o for o in orders if isinstance(o, int | float)), default=0)
        current.append(
            {"tab_id": TAB_ID, "title": _("Analytics"), "url": url, "sort_order": last + 10}
        )
        return {"tabs": current}
