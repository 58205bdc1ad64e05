"""Learner facts kept exact as statements arrive (DESIGN.md "Learner facts").

After every committed insert the writer recomputes the facts of the learners the batch touched
(and of the learners whose statements it voided) from all of their statements, before it
answers: a report asked after a 200 sees the statement. Facts carry a definition number; a
store whose facts were computed with another one, or whose last writer did not stop cleanly
(a crash between an insert and its derivation), is rebuilt from the statements when a writer
starts. Today's facts: video segments per learner × video (``learner_video_segments``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from aspects.ingest.columns import COLUMNS
from aspects.models import load_sql
from aspects.store import Store

# Bump when models/facts/*.sql changes what it computes: every store rebuilds at its next start.
DEFINITION = 1
NAME = "learner_video_segments"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
_NO_PAIRS = [("", "")]  # an IN list cannot be empty; no statement has an empty course key
log = logging.getLogger(__name__)

Pair = tuple[str, str]


class LearnerFacts:
    """The facts of one store: checked at a writer's start, derived after each insert."""

    def __init__(self, store: Store, offset: int = 6) -> None:
        self._store = store
        # Where the typed columns start in a stored row (aspects.ingest.writer.INSERT_COLUMNS).
        self._index = {name: offset + i for i, name in enumerate(COLUMNS)}
        self.failed = False

    def open(self) -> None:
        """Rebuild when the facts are missing, of another definition, or maybe stale."""
        rows = self._store.query(load_sql("facts/state"), {"name": NAME})
        if not rows or rows[0][0] != DEFINITION or not rows[0][1]:
            self.rebuild()
        self._mark(clean=False)

    def close(self) -> None:
        """Record a clean stop: every committed batch was derived."""
        if not self.failed:
            self._mark(clean=True)

    def rebuild(self) -> None:
        """Recompute every learner's facts from all statements."""
        self._store.execute(f"truncate table {NAME}")
        self._store.execute(
            load_sql("facts/video_segments"), {"all_learners": True, "pairs": _NO_PAIRS}
        )

    def derive(self, rows: Sequence[Sequence[Any]]) -> None:
        """Recompute the facts of the learners ``rows`` (just stored) touch; never raises.

        A failure leaves the store marked for a rebuild at the next start (and is logged):
        the statements are stored, which is what the client's 200 promises.
        """
        try:
            pairs = sorted(self.touched(rows))
            if pairs:
                self._store.execute(
                    load_sql("facts/video_segments"), {"all_learners": False, "pairs": pairs}
                )
        except Exception:
            self.failed = True
            log.exception("deriving learner facts failed; they are rebuilt at the next start")

    def touched(self, rows: Iterable[Sequence[Any]]) -> set[Pair]:
        """(course, learner) pairs whose facts ``rows`` change: video statements, voidings."""
        course, actor = self._index["course_key"], self._index["actor_id"]
        block_type, verb, voided = (
            self._index["block_type"],
            self._index["verb_id"],
            self._index["voided_id"],
        )
        pairs: set[Pair] = set()
        targets: list[uuid.UUID] = []
        for row in rows:
            if row[block_type] == "video" and row[course] and row[actor]:
                pairs.add((row[course], row[actor]))
            elif row[verb] == VOIDED and row[voided] is not None:
                targets.append(row[voided])
        if targets:
            found = self._store.query(load_sql("facts/voided_learners"), {"ids": targets})
            pairs.update((c, a) for c, a in found)
        return pairs

    def _mark(self, clean: bool) -> None:
        row = (NAME, DEFINITION, clean, datetime.now(UTC))
        self._store.insert("learner_facts_state", [row], ("name", "definition", "clean", "at"))
