"""Views are code: each ``models/views/<name>.sql`` is re-created every time a store opens.

DESIGN.md ("tables are data, views are code"): migrations create and alter tables; the views
over them live with the report SQL, so editing one takes effect on every store at its next
start. ``create or replace`` keeps the view's name valid for readers throughout.
"""

from __future__ import annotations

from aspects.models import load_sql
from aspects.store.base import Store

# In dependency order: a view is created after the views it reads.
VIEWS = (
    # xAPI 1.0.3 Part 2 §2.3.2: what every report reads, voided statements left out.
    "statements",
    # LMS data: the latest dump of each object (the event_sink tables are ReplacingMergeTree).
    "latest_course_overviews",
    "latest_course_blocks",
    "latest_course_enrollment",
    "latest_external_id",
    "latest_user_profile",
    # Engagement building blocks (METRICS.md "Engagement"), over `statements` and the
    # latest course structure; callers filter by course, learner and time.
    "visits",
    "course_units",
    "page_views",
    "video_segments",  # over the learner facts (schema 0007)
)
# Views of earlier releases, dropped: enrollment replayed per learner is a learner fact now
# (learner_enrollment_changes, schema 0013).
RETIRED = ("enrollment_deltas", "enrollment_transitions")


def apply_views(store: Store) -> None:
    """Drop the :data:`RETIRED` views; create or replace every view of :data:`VIEWS`, in order."""
    for name in RETIRED:
        store.execute(f"drop view if exists {name}")  # names from the tuple above
    for name in VIEWS:
        # Names come from the tuple above, never from input.
        store.execute(f"create or replace view {name} as\n{load_sql(f'views/{name}')}")
