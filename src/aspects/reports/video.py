"""Video reports (METRICS.md "Video"): views per video bucket, and watchers per video."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from aspects.reports.outline import Block
from aspects.reports.query import QueryError
from aspects.reports.spec import Context, Option, ReportSpec, register

# A video's usage key, as ingest stores it in block_key (aspects.ingest.columns.block_key).
_VIDEO_KEY = re.compile(r"^(?:ccx-)?block-v1:[^/?#\s]+\+type@video\+block@[^/?#\s]+$")
# METRICS.md "Views per section of a video": 5-second buckets, also 1 s and 20 equal parts.
BUCKETS = {"5": (5, 0), "1": (1, 0), "parts20": (1, 20)}


def _video(text: str) -> str:
    if not _VIDEO_KEY.match(text):
        raise QueryError(
            f"bad video {text!r}: expected a video usage key, "
            "block-v1:Org+Course+Run+type@video+block@<id>"
        )
    return text


def _bucket(text: str) -> tuple[int, int]:
    if text not in BUCKETS:
        raise QueryError(f"bad bucket {text!r}: expected one of {', '.join(BUCKETS)}")
    return BUCKETS[text]


@dataclass(frozen=True)
class VideoSegmentRow:
    """One bucket of a video: ``[segment_start, segment_end)`` seconds and its views."""

    video_id: str
    segment_start: float
    segment_end: float
    views: int
    learners: int
    repeat_views: int


def _finish(rows: list[dict[str, Any]], context: Context) -> list[VideoSegmentRow]:
    """Every bucket, in order, from the SQL's differences and totals (video/segment_buckets)."""
    size, parts = context.options["bucket"]
    shape = next((row for row in rows if row["kind"] == "length"), {})
    length, bounds = shape.get("length"), list(shape.get("bounds", []))
    reach = max((row["reach"] for row in rows if row["kind"] != "length"), default=0)
    span = max(math.ceil(length or 0), reach)
    if parts:
        count = parts if span > 0 else 0
        if not (length and length > 0):  # parts of the watched extent: at most 2 decimals
            bounds = [round(k * span / parts, 3) for k in range(parts + 1)]
        edges = [(float(bounds[k]), float(bounds[k + 1])) for k in range(count)]
    else:
        count = -(-span // size)
        edges = [(float(k * size), float(min((k + 1) * size, span))) for k in range(count)]
    totals = [[0, 0, 0] for _ in range(count)]
    inner = [[0, 0, 0] for _ in range(count)]
    for row in rows:
        if row["kind"] == "length" or row["bucket"] >= count:
            continue
        target = totals if row["kind"] == "edge" else inner
        for i, name in enumerate(("views", "learners", "repeat_views")):
            target[row["bucket"]][i] += row[name]
    video, out, running = context.options["video"], [], [0, 0, 0]
    for k, (start, end) in enumerate(edges):
        running = [r + d for r, d in zip(running, inner[k], strict=True)]
        views, learners, repeats = (r + t for r, t in zip(running, totals[k], strict=True))
        out.append(VideoSegmentRow(video, start, end, views, learners, repeats))
    return out


def _binds(context: Context) -> dict[str, Any]:
    size, parts = context.options["bucket"]
    return {"video": context.options["video"], "bucket_size": size, "parts": parts}


SEGMENTS = register(
    ReportSpec(
        "video-segments",
        "video/segments",
        VideoSegmentRow,
        _finish,
        options=(
            Option("video", _video, None, "the video's usage key"),
            Option("bucket", _bucket, "5", "5 (seconds, default), 1, or parts20"),
        ),
        bind=_binds,
        whole="video/segments_whole",
    )
)


@dataclass(frozen=True)
class VideoWatchersRow:
    """One video: where it sits, its length and how many learners watched it fully/partly.

    ``name`` and the positions are null for a video the course structure does not list.
    """

    video_id: str
    name: str | None
    section_position: int | None
    subsection_position: int | None
    length: float | None
    viewers: int
    full: int
    partial: int
    total_views: int


def _watchers(rows: list[dict[str, Any]], context: Context) -> list[VideoWatchersRow]:
    """The outline's videos in course order, then any other video with statements, by id."""
    counted = {row["video_id"]: row for row in rows}
    placed = [b for b in context.outline.blocks if b.block_type == "video"]
    out = []
    for block in placed:
        row = counted.pop(block.location, None)
        out.append(_watchers_row(block.location, row, block))
    out.extend(_watchers_row(video, counted[video], None) for video in sorted(counted))
    return out


def _watchers_row(video: str, row: dict[str, Any] | None, block: Block | None) -> VideoWatchersRow:
    viewers, full = (row["viewers"], row["full"]) if row else (0, 0)
    return VideoWatchersRow(
        video_id=video,
        name=block.name if block else None,
        section_position=block.section if block else None,
        subsection_position=(block.subsection or None) if block else None,
        length=row["length"] if row else None,
        viewers=viewers,
        full=full,
        partial=viewers - full,
        total_views=row["total_views"] if row else 0,
    )


WATCHERS = register(
    ReportSpec(
        "video-watchers",
        "video/watchers",
        VideoWatchersRow,
        _watchers,
        uses=frozenset({"from", "to", "tz", "as_of"}),
        whole="video/watchers_whole",
        outline=True,
    )
)
