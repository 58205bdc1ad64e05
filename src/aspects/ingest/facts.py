"""Learner facts kept exact as statements arrive (DESIGN.md "Learner facts").

After every committed insert the writer recomputes the facts of the learners the batch touched
(and of the learners whose statements it voided) from all of their statements, before it
answers: a report asked after a 200 sees the statement. Facts carry a definition number; a
store whose facts were computed with another one, or whose last writer did not stop cleanly
(a crash between an insert and its derivation), is rebuilt from the statements when a writer
starts. Today's facts (:data:`FACTS`): video segments per learner × video
(``learner_video_segments``), problem results per learner × problem × part
(``learner_problem_results``), page views per learner × unit × 15 minutes
(``learner_page_views``) and the roster, one row per learner × course (``learner_roster``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aspects.ingest.columns import COLUMNS
from aspects.models import load_sql
from aspects.store import Store

# Bump when models/facts/*.sql changes what it computes: every store rebuilds at its next start.
DEFINITION = 6
NAME = "learner_facts"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
NAVIGATED = "https://w3id.org/xapi/dod-isd/verbs/navigated"
ENROLLMENT_VERBS = frozenset(
    {"http://adlnet.gov/expapi/verbs/registered", "http://id.tincanapi.com/verb/unregistered"}
)
_NONE = [("", "")]  # an IN list cannot be empty; no statement has an empty course key
log = logging.getLogger(__name__)

Pair = tuple[str, str]


@dataclass(frozen=True)
class Fact:
    """One kind of learner fact: its table, its derivation and what makes it stale."""

    table: str
    # models/facts/<sql>.sql: ``insert … select`` for the scope {scope_courses},
    # {scope_all} (every learner of them) or {scope_actors} and {scope_pairs}.
    sql: str
    # Block types whose statements change it (besides navigations, when ``navigation``;
    # every statement of the learner in the course, when ``every``).
    block_types: frozenset[str] = frozenset()
    navigation: bool = False
    # Verbs whose statements change it, whatever their block.
    verbs: frozenset[str] = frozenset()
    every: bool = False
    # Reads the course structure: re-derived for the whole course when it is published.
    structural: bool = False


FACTS = (
    # Each course's latest structure (a table, not learners' facts): the page views and the
    # roster read it, so it comes first.
    Fact("course_structure", "structure", structural=True),
    Fact("learner_video_segments", "video_segments", frozenset({"video"})),
    Fact("learner_problem_results", "problem_results", frozenset({"problem"})),
    Fact("learner_enrollment_changes", "enrollment_changes", verbs=ENROLLMENT_VERBS),
    Fact(
        "learner_page_views",
        "page_views",
        frozenset({"video", "problem"}),
        navigation=True,
        structural=True,
    ),
    # Reads the video segments and page views (engaged: a page viewed, a second watched):
    # derived after them.
    Fact("learner_roster", "roster", every=True, structural=True),
)
# The roster derivation reads its statements "as of" the end of time.
END_OF_TIME = datetime(2299, 12, 31, tzinfo=UTC)


class LearnerFacts:
    """The facts of one store: checked at a writer's start, derived after each insert.

    A writer queues each committed batch (:meth:`queue`); a thread derives whatever is
    queued, many batches at once under load; readers call :meth:`settle` first, so a report
    asked after a 200 sees the statement (the routes that read facts depend on it).
    """

    def __init__(self, store: Store, offset: int = 6) -> None:
        self._store = store
        # Where the typed columns start in a stored row (aspects.ingest.writer.INSERT_COLUMNS:
        # the statement id, then its timestamp).
        self._index = {name: offset + i for i, name in enumerate(COLUMNS)}
        self._index["emission_time"] = 1
        self.failed = False
        # The batches queued for derivation and the deriving thread (start / queue / settle).
        self._changed = threading.Condition()
        self._pending: list[Sequence[Sequence[Any]]] = []
        self._queued = 0  # batches queued so far
        self._derived = 0  # of those, how many are derived (or failed)
        self._thread: threading.Thread | None = None
        self._stopping = False
        # The thread's own connection: its queries do not hold up the writer's inserts.
        self._own: Store | None = None

    def start(self) -> None:
        """Derive queued batches on a thread of their own (the writer's inserts go on)."""
        self._stopping = False
        self._own = self._store.sibling()
        self._thread = threading.Thread(target=self._derive_queued, name="aspects-facts")
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        """Derive everything queued, then stop the thread."""
        if self._thread is None:
            return
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._thread.join()
        self._thread = None
        if self._own is not None:
            self._own.close()
            self._own = None

    def queue(self, rows: Sequence[Sequence[Any]]) -> None:
        """Have the facts of the learners ``rows`` (just stored) recomputed, soon.

        Without a thread (:meth:`start`), they are recomputed now.
        """
        if self._thread is None:
            self.derive(rows)
            return
        with self._changed:
            self._pending.append(rows)
            self._queued += 1
            self._changed.notify_all()

    def settle(self) -> None:
        """Wait until every batch queued before this call is derived (read-your-writes)."""
        with self._changed:
            target = self._queued
            while self._derived < target and self._thread is not None:
                if not self._thread.is_alive():
                    return  # it died (logged); the facts are rebuilt at the next start
                self._changed.wait(timeout=1.0)

    def _derive_queued(self) -> None:
        # All the batches waiting are derived together: a derivation's cost is mostly fixed
        # (planning, reading the structure), so under load it is paid once for many batches.
        while True:
            with self._changed:
                while not self._pending and not self._stopping:
                    self._changed.wait()
                if not self._pending:
                    return
                batches, self._pending = self._pending, []
                upto = self._queued
            try:
                self.derive([row for rows in batches for row in rows], self._own)
            finally:  # readers waiting for these batches go on, derived or failed
                with self._changed:
                    self._derived = upto
                    self._changed.notify_all()

    def open(self) -> None:
        """Rebuild when the facts are missing, of another definition, or maybe stale."""
        if self.stale():
            self.rebuild()
        self._mark(clean=False)

    def stale(self) -> bool:
        """Whether the facts are missing, of another definition, or maybe behind."""
        rows = self._store.query(load_sql("facts/state"), {"name": NAME})
        return not rows or rows[0][0] != DEFINITION or not rows[0][1]

    def close(self) -> None:
        """Record a clean stop: every committed batch was derived.

        Not when a derivation failed, here or in another deriver of this store (which marks
        the facts broken): the next start rebuilds.
        """
        rows = self._store.query(load_sql("facts/state"), {"name": NAME})
        if not self.failed and rows and rows[0][0] == DEFINITION:
            self._mark(clean=True)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Recompute every learner's facts from all statements, one course at a time.

        ``progress(done, total)`` is called with the statements of the courses done so far.
        The facts are marked current but not clean until :meth:`close`. Returns how many
        statements of a course there are.
        """
        self._mark(clean=False)
        for fact in FACTS:
            self._store.execute(f"truncate table {fact.table}")  # names from FACTS, not input
        self._store.execute("truncate table course_span")
        self._store.execute(load_sql("facts/course_span"))
        # Every course with statements or a structure (its statements counted for progress).
        courses = self._store.query(
            "select course_key, sum(statements) from ("
            " select course_key, count() as statements from xapi_events_all"
            " where course_key != '' group by course_key"
            " union all select distinct course_key, 0 from course_blocks"
            ") group by course_key order by course_key"
        )
        total = sum(n for _, n in courses)
        done = 0
        if progress:
            progress(done, total)
        for course, statements in courses:
            for fact in FACTS:
                self._run(fact, courses=[course])
            done += statements
            if progress:
                progress(done, total)
        # One part per table: readers take the facts FINAL, which merges parts as it reads,
        # and a rebuild leaves one part per course (the background merges would take longer).
        for fact in FACTS:
            self._store.execute(f"optimize table {fact.table} final")
        return total

    def derive(self, rows: Sequence[Sequence[Any]], store: Store | None = None) -> None:
        """Recompute the facts of the learners ``rows`` (just stored) touch; never raises.

        ``store``: the connection to use (default: the store's own).

        A failure leaves the store marked for a rebuild at the next start (and is logged):
        the statements are stored, which is what the client's 200 promises.
        """
        try:
            self.widen_spans(rows, store)
            for fact, pairs in self.touched(rows, store).items():
                if pairs:
                    self._run(fact, pairs=sorted(pairs), store=store)
        except Exception:
            self._failed()

    def widen_spans(self, rows: Iterable[Sequence[Any]], store: Store | None = None) -> None:
        """Widen each course's span (course_span) to the timestamps of ``rows``.

        Every stored statement of a course, voided or not, and how many have no learner: what
        a report needs to know that every statement of the course is some learner's and none
        is later than its as_of (aspects.reports.run, the whole-history SQL).
        """
        course, at, actor = (
            self._index["course_key"],
            self._index["emission_time"],
            self._index["actor_id"],
        )
        spans: dict[str, tuple[datetime, datetime, int]] = {}
        for row in rows:
            if row[course]:
                low, high, anonymous = spans.get(row[course], (row[at], row[at], 0))
                spans[row[course]] = (
                    min(low, row[at]),
                    max(high, row[at]),
                    anonymous + (not row[actor]),
                )
        if spans:
            (store or self._store).insert(
                "course_span",
                [(key, *span) for key, span in spans.items()],
                ("course_key", "earliest_at", "latest_at", "anonymous"),
            )

    def derive_courses(self, courses: Iterable[str]) -> None:
        """Recompute the structural facts of every learner of ``courses``; never raises.

        Called after a course's structure is written (aspects.lms.sink): page views follow
        the units their statements name. A failure marks the facts for a rebuild.
        """
        chosen = sorted(set(courses) - {""})
        try:
            for fact in FACTS:
                if fact.structural and chosen:
                    self._run(fact, courses=chosen)
        except Exception:
            self._failed()

    def touched(
        self, rows: Iterable[Sequence[Any]], store: Store | None = None
    ) -> dict[Fact, set[Pair]]:
        """Per fact, the (course, learner) pairs whose facts ``rows`` change (voidings too)."""
        course, actor = self._index["course_key"], self._index["actor_id"]
        block_type, verb, voided = (
            self._index["block_type"],
            self._index["verb_id"],
            self._index["voided_id"],
        )
        touched: dict[Fact, set[Pair]] = {fact: set() for fact in FACTS}
        targets: list[uuid.UUID] = []
        for row in rows:
            if row[verb] == VOIDED and row[voided] is not None:
                targets.append(row[voided])
            elif row[course] and row[actor]:
                for fact in FACTS:
                    if (
                        fact.every
                        or row[block_type] in fact.block_types
                        or row[verb] in fact.verbs
                        or (fact.navigation and row[verb] == NAVIGATED)
                    ):
                        touched[fact].add((row[course], row[actor]))
        if targets:
            found = (store or self._store).query(
                load_sql("facts/voided_learners"), {"ids": targets}
            )
            for pairs in touched.values():
                pairs.update((c, a) for c, a in found)
        return touched

    def _run(
        self,
        fact: Fact,
        pairs: Sequence[Pair] = (),
        courses: Sequence[str] = (),
        store: Store | None = None,
    ) -> None:
        # The scope every derivation reads: courses, then all their learners or some.
        params = {
            "scope_courses": sorted({c for c, _ in pairs} | set(courses)),
            "scope_all": bool(courses),
            "scope_actors": sorted({a for _, a in pairs}) or [""],
            "scope_pairs": list(pairs) or _NONE,
            "scope_late": False,  # the roster: every learner of the scope, not only late ones
            "as_of": END_OF_TIME,  # the roster as of the end of time
        }
        (store or self._store).execute(load_sql(f"facts/{fact.sql}"), params)

    def _failed(self) -> None:
        self.failed = True
        log.exception("deriving learner facts failed; they are rebuilt at the next start")
        with contextlib.suppress(Exception):
            self._mark(clean=False, definition=0)  # no clean stop can hide it

    def _mark(self, clean: bool, definition: int = DEFINITION) -> None:
        row = (NAME, definition, clean, datetime.now(UTC))
        self._store.insert("learner_facts_state", [row], ("name", "definition", "clean", "at"))
