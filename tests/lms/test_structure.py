"""The course structure model on a hand-built course (METRICS.md, Course structure)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

from aspects.lms.sink import insert_rows
from aspects.lms.structure import course_structure
from aspects.store import Store
from tests.lms import factories as f
from tests.lms.factories import block, key

# Week 1 ─ Intro (ungraded) ─ Welcome: video v1, html h1
#                           └ Practice: problem p1
#        └ Quiz 1 (graded)  ─ Questions: problem p2, problem p3
#                           (+ problem p4 placed in the subsection outside any unit)
# Week 2 ─ Lab              ─ Lab page: video v2
# (+ problem p5 placed in Week 2 outside any subsection; a detached static tab)
COURSE_BLOCKS = [
    block("course", "course", "Demo Course", (0, 0, 0), 1),
    block("chapter", "w1", "Week 1", (1, 0, 0), 2),
    block("sequential", "intro", "Intro", (1, 1, 0), 3),
    block("vertical", "welcome", "Welcome", (1, 1, 1), 4),
    block("video", "v1", "Welcome video", (1, 1, 1), 5),
    block("html", "h1", "Reading", (1, 1, 1), 6),
    block("vertical", "practice", "Practice", (1, 1, 2), 7),
    block("problem", "p1", "Warm-up", (1, 1, 2), 8),
    block("sequential", "quiz", "Quiz 1", (1, 2, 0), 9, graded=1),
    block("problem", "p4", "Loose question", (1, 2, 0), 10, graded=1),
    block("vertical", "questions", "Questions", (1, 2, 1), 11, graded=1),
    block("problem", "p2", "Question A", (1, 2, 1), 12, graded=1),
    block("problem", "p3", "Question B", (1, 2, 1), 13, graded=1),
    block("chapter", "w2", "Week 2", (2, 0, 0), 14),
    block("problem", "p5", "Section question", (2, 0, 0), 15),
    block("sequential", "lab", "Lab", (2, 1, 0), 16),
    block("vertical", "labpage", "Lab page", (2, 1, 1), 17),
    block("video", "v2", "Lab video", (2, 1, 1), 18),
    {
        **block("static_tab", "tab", "Syllabus", (0, 0, 0), 19),
        "xblock_data_json": '{"block_type": "static_tab", "detached": 1, "section": 0, '
        '"subsection": 0, "unit": 0}',
    },
]


def _load(store: Store) -> None:
    rows = list(COURSE_BLOCKS)
    random.Random(3).shuffle(rows)  # noqa: S311 - arrival order must not matter
    assert insert_rows(store, "course_blocks", rows).errors == []


def test_sections_subsections_and_units_come_in_course_order_with_names(store: Store) -> None:
    _load(store)
    structure = course_structure(store, f.COURSE)
    assert structure.names_missing is False
    assert structure.display_name == "Demo Course"  # no overview yet: the course block's name
    outline = [
        (
            s.block.display_name,
            [
                (ss.block.display_name, [u.block.display_name for u in ss.units])
                for ss in s.subsections
            ],
        )
        for s in structure.sections
    ]
    assert outline == [
        ("Week 1", [("Intro", ["Welcome", "Practice"]), ("Quiz 1", ["Questions"])]),
        ("Week 2", [("Lab", ["Lab page"])]),
    ]


def test_videos_and_problems_sit_in_the_unit_subsection_and_section_of_their_positions(
    store: Store,
) -> None:
    _load(store)
    structure = course_structure(store, f.COURSE)
    week1, week2 = structure.sections
    intro, quiz = week1.subsections
    assert [b.display_name for b in intro.units[0].blocks] == ["Welcome video", "Reading"]
    assert [b.display_name for b in intro.units[1].blocks] == ["Warm-up"]
    assert [b.display_name for b in quiz.units[0].blocks] == ["Question A", "Question B"]
    assert [b.display_name for b in quiz.blocks] == ["Loose question"]
    assert [b.display_name for b in week2.blocks] == ["Section question"]
    assert [b.display_name for b in quiz.all_blocks()] == [
        "Loose question",
        "Question A",
        "Question B",
    ]
    assert [b.display_name for b in week2.all_blocks()] == ["Section question", "Lab video"]
    assert [b.usage_key for b in structure.videos] == [key("video", "v1"), key("video", "v2")]
    assert [b.usage_key for b in structure.problems] == [
        key("problem", "p1"), key("problem", "p4"), key("problem", "p2"), key("problem", "p3"),
        key("problem", "p5"),
    ]  # fmt: skip
    where = structure.placement(key("problem", "p3"))
    assert where is not None and where.unit is not None and where.subsection is not None
    assert (
        where.section and where.section.block.display_name,
        where.subsection.block.display_name,
        where.unit.block.display_name,
    ) == ("Week 1", "Quiz 1", "Questions")
    loose = structure.placement(key("problem", "p5"))
    assert loose is not None and loose.subsection is None and loose.unit is None
    assert loose.section is week2


def test_graded_flags_and_lookup_by_usage_key(store: Store) -> None:
    _load(store)
    structure = course_structure(store, f.COURSE)
    assert [ss.block.graded for s in structure.sections for ss in s.subsections] == [
        False,
        True,
        False,
    ]
    p2 = structure.block(key("problem", "p2"))
    assert p2 is not None and p2.graded is True and p2.display_name == "Question A"
    assert (p2.section, p2.subsection, p2.unit) == (1, 2, 1)
    assert structure.block(key("problem", "nope")) is None


def test_detached_blocks_are_known_by_key_but_not_placed(store: Store) -> None:
    _load(store)
    structure = course_structure(store, f.COURSE)
    tab = key("static_tab", "tab")
    assert structure.block(tab) is not None
    assert structure.placement(tab) is None
    assert all(b.usage_key != tab for s in structure.sections for b in s.all_blocks())


def test_the_latest_publish_wins_and_the_overview_names_the_course(store: Store) -> None:
    _load(store)
    later = datetime(2026, 3, 1, tzinfo=UTC)
    republished = [
        block(
            "course", "course", "Demo Course", (0, 0, 0), 1, dump_id=uuid.UUID(int=5), dumped=later
        ),
        block(
            "chapter", "w2", "Week 2 (new)", (1, 0, 0), 2, dump_id=uuid.UUID(int=5), dumped=later
        ),
    ]
    insert_rows(store, "course_blocks", republished)
    insert_rows(store, "course_overviews", [f.overview(display_name="Demo Course, 2nd run")])
    structure = course_structure(store, f.COURSE)
    assert [s.block.display_name for s in structure.sections] == ["Week 2 (new)"]
    assert structure.sections[0].subsections == []
    assert structure.block(key("video", "v1")) is None
    assert structure.display_name == "Demo Course, 2nd run"


def test_a_course_without_structure_data_is_empty_and_says_names_are_missing(store: Store) -> None:
    _load(store)
    structure = course_structure(store, "course-v1:Org+Other+2026")
    assert structure.names_missing is True
    assert structure.sections == [] and structure.videos == [] and structure.problems == []
    assert structure.block(key("video", "v1")) is None
    assert structure.display_name == ""
