"""The course the plugin tests link to, and the URL worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opaque_keys.edx.keys import CourseKey

PLUGIN_DIR = Path(__file__).resolve().parents[2] / "openedx-plugin"
ASPECTS = "https://aspects.example.com"
COURSE_KEY = CourseKey.from_string("course-v1:Org+C1+2026")
# ":" is %3A and "+" is %2B; the key is quoted whole.
COURSE_URL = "https://aspects.example.com/courses/course-v1%3AOrg%2BC1%2B2026/"


@dataclass
class Course:
    """The two attributes of the LMS course block that the legacy step reads."""

    id: CourseKey
    display_name: str = "Demo Course"
