-- Whole-history summaries for the reports that read a course's full history as of now (the
-- default "course run" period with no statement timestamped later): aspects.reports.run
-- picks their `whole` SQL when course_span says nothing in the course is later than as_of.
--
-- course_span: per course, its earliest and latest statement timestamps (voided or not, any
-- actor) and how many statements have no learner (an actor without an identifier, which no
-- learner fact holds), widened as batches are stored (aspects.ingest.facts): "no statement
-- after as_of, and every statement is some learner's".
create table if not exists course_span
(
    course_key String,
    earliest_at SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    latest_at SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
    anonymous SimpleAggregateFunction(sum, UInt64)
)
engine = AggregatingMergeTree
order by course_key;

-- learner_video_segments, per learner × video, the summary of their segments that the
-- watchers and the video funnel read (models/facts/video_segments.sql):
--   reported_length  the longest video length any of their statements of the video reports
--                    (any verb), as the `lengths` of models/video/watchers.sql reads them
--   peak             how many of their positioned segments cover their most-watched second
--   covered          the second stretches [from, to) their positioned segments cover
--                    (disjoint, in order), with their total (`seconds`) and where the last
--                    one ends (`last_end`, 0 without any)
--   open_starts      the starts of their segments that end at the video's length (a
--                    `completed` without a position), resolved when read
--   sweep            their positioned segments as (second, +1 | -1) events, sorted: kept
--                    only with open_starts, to sweep again with those segments when read
alter table learner_video_segments
    add column if not exists reported_length Nullable(Float64),
    add column if not exists peak UInt32,
    add column if not exists covered Array(Tuple(Int64, Int64)),
    add column if not exists seconds Int64,
    add column if not exists last_end Int64,
    add column if not exists open_starts Array(Float64),
    add column if not exists sweep Array(Tuple(Int64, Int8));
