"""One learner's story: profile, their own funnel, answers, watched seconds and time line."""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aspects.groups.roster import Learner, actors_named, load_roster
from aspects.models import load_sql
from aspects.reports.numbers import pct
from aspects.store import Store

_KINDS = {"vertical": "pages", "video": "videos", "problem": "problems"}


@dataclass
class _Tally:
    """Items of one kind in a section or subsection, and how many the learner engaged with."""

    done: int = 0
    total: int = 0

    def json(self) -> dict[str, Any] | None:
        # METRICS.md: a section with no items of a kind shows "—" (null), not 0 %.
        return None if not self.total else {"done": self.done, "total": self.total}


def watched_seconds(segments: list[tuple[float, float]]) -> set[int]:
    """The distinct seconds segments cover: ``a..b`` covers ``floor(a) … ceil(b) − 1``."""
    seconds: set[int] = set()
    for a, b in segments:
        seconds.update(range(max(int(a // 1), 0), int(-(-b // 1))))
    return seconds


def _videos(rows: list[dict[str, Any]], names: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    by_video: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_video[row["block_key"]].append(row)
    keys = [k for k, b in names.items() if b["block_type"] == "video"]
    keys += sorted(k for k in by_video if k not in names)
    out = []
    for key in keys:
        segments = [(r["segment_from"], r["segment_to"]) for r in by_video.get(key, [])]
        seconds = watched_seconds(segments)
        length = max((r["length"] or 0 for r in by_video.get(key, [])), default=0)
        total = int(-(-length // 1)) if length else 0
        block = names.get(key, {})
        out.append(
            {
                "video": key,
                "name": block.get("display_name"),
                "section": block.get("section"),
                "subsection": block.get("subsection"),
                "segments": [[a, b] for a, b in segments],
                "watched_seconds": len(seconds),
                "length": length or None,
                "watched_pct": pct(len(seconds & set(range(total))), total) if total else None,
            }
        )
    return out


def _done(block: dict[str, Any], watched: set[str]) -> bool:
    kind = block["block_type"]
    if kind == "vertical":
        return bool(block["viewed"])
    if kind == "video":
        return block["block_key"] in watched
    return bool(block["submissions"])


def _funnel(blocks: list[dict[str, Any]], watched: set[str]) -> list[dict[str, Any]]:
    sections: dict[int, dict[str, Any]] = {}
    for block in blocks:
        number, sub, kind = block["section"], block["subsection"], block["block_type"]
        section = sections.setdefault(
            number, {"section": number, "name": None, "tallies": {}, "subsections": {}}
        )
        if kind == "chapter":
            section["name"] = block["display_name"]
            continue
        subsection = None
        if sub > 0:
            subsection = section["subsections"].setdefault(
                sub, {"subsection": sub, "name": None, "tallies": {}}
            )
        if kind == "sequential":
            if subsection is not None:
                subsection["name"] = block["display_name"]
            continue
        done = _done(block, watched)
        for holder in (section, subsection):
            if holder is not None:
                tally = holder["tallies"].setdefault(_KINDS[kind], _Tally())
                tally.total += 1
                tally.done += done

    def flat(holder: dict[str, Any]) -> dict[str, Any]:
        tallies = holder.pop("tallies")
        return {**holder, **{k: tallies.get(k, _Tally()).json() for k in _KINDS.values()}}

    out = []
    for number in sorted(sections):
        section = sections[number]
        subs = section.pop("subsections")
        out.append({**flat(section), "subsections": [flat(subs[s]) for s in sorted(subs)]})
    return out


def find_learner(roster: list[Learner], learner_id: str, pii: bool) -> Learner | None:
    """The learner with this anonymous id, else (with PII permission) this username."""
    found = next((r for r in roster if r.anonymous_id == learner_id), None)
    if found is None and pii:
        found = next((r for r in roster if r.username and r.username == learner_id), None)
    return found


def load_learner(
    store: Store,
    course_key: str,
    learner_id: str,
    as_of: datetime,
    pii: bool,
) -> Learner | None:
    """One learner (see :func:`find_learner`), reading only their rows, not the whole roster."""
    ids = [learner_id] + (actors_named(store, learner_id) if pii else [])
    found = load_roster(store, course_key, as_of, pii, ids)
    return find_learner(found, learner_id, pii)


def learner_story(
    store: Store, course_key: str, actor_id: str, as_of: datetime, tz: str
) -> dict[str, Any]:
    """Everything the learner page shows of ``actor_id``, except the profile (the roster row)."""
    params = {"course_key": course_key, "actor_id": actor_id, "as_of": as_of}
    # Three queries side by side on the store's connections: each is mostly planning (one core
    # each), 117 → ~50 ms on the 10 M set's busiest learner.
    with ThreadPoolExecutor(max_workers=3) as pool:
        blocks_rows = pool.submit(store.query_dicts, load_sql("learners/blocks"), params)
        segment_rows = pool.submit(store.query_dicts, load_sql("learners/segments"), params)
        timeline_rows = pool.submit(
            store.query_dicts, load_sql("learners/timeline"), {**params, "tz": tz}
        )
        blocks, segments, timeline = (
            blocks_rows.result(),
            segment_rows.result(),
            timeline_rows.result(),
        )
    names = {b["block_key"]: b for b in blocks}
    videos = _videos(segments, names)
    watched = {v["video"] for v in videos if v["watched_seconds"]}
    problems = [
        {
            "problem": b["block_key"],
            "name": b["display_name"],
            "section": b["section"],
            "subsection": b["subsection"],
            "submissions": b["submissions"],
            "attempts": b["attempts"],
            "correct": b["correct"],
            "score": b["score"],
        }
        for b in blocks
        if b["block_type"] == "problem"
    ]
    return {
        "sections": _funnel(blocks, watched),
        "problems": problems,
        "videos": videos,
        "timeline": [
            {"day": r["day"].isoformat(), "kind": r["kind"], "statements": r["statements"]}
            for r in timeline
        ],
    }
