"""Open edX LMS plugin: an "Analytics" tab on the instructor dashboard that opens Aspects.

Two ``openedx-filters`` pipeline steps (``aspects_openedx.pipeline``) add the tab, one for the
legacy instructor dashboard and one for the instructor dashboard MFE. Both link to
``{ASPECTS_DASHBOARD_URL}/courses/{course_key}/`` (``aspects_openedx.links``).
"""

__version__ = "0.1.0"
