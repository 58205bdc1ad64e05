-- Learner facts (DESIGN.md "Learner facts"): what a report would otherwise re-derive from every
-- statement of a learner on every request, kept per learner and recomputed from all of that
-- learner's statements whenever a committed batch touches them (aspects.ingest.facts).

-- One row per course × video × learner with video statements: the learner's play segments as
-- paired from all their statements of that video (models/facts/video_segments.sql), and the
-- longest video length their statements report. Every recomputation writes a new row for
-- each (course, video, learner) it covers, an empty one where nothing is left (a voiding);
-- the latest `derived` wins, so readers take the table FINAL.
create table if not exists learner_video_segments
(
    course_key LowCardinality(String),
    video_key String,
    actor_id String,
    -- (start, end, opened_at, closed_at, closes_at_length): end is null when a `completed`
    -- without a position or length closed it: it ends at the video's length, which other
    -- learners' statements may report (resolved when read, models/views/video_segments.sql).
    segments Array(Tuple(
        Nullable(Float64), Nullable(Float64), DateTime64(6, 'UTC'), DateTime64(6, 'UTC'), Bool
    )),
    longest_length Nullable(Float64),
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, video_key, actor_id);

-- One row per kind of fact: the definition its rows were computed with, and whether the
-- writer that last derived them stopped cleanly (a crash between an insert and its derivation
-- leaves `clean` false, and the next start rebuilds).
create table if not exists learner_facts_state
(
    name String,
    definition UInt32,
    clean Bool,
    at DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(at)
order by name;
