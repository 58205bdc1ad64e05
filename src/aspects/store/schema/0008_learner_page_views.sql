-- Learner facts, page views (DESIGN.md "Learner facts"): one row per course × unit × learner ×
-- 15-minute bucket (UTC, aligned on the quarter hour) in which at least one statement credits
-- the learner with viewing the unit (METRICS.md "Page viewed": models/facts/page_views.sql).
-- Every time-zone offset in use is a multiple of 15 minutes, so a bucket never straddles a
-- local midnight: a bucket is in a local-date period exactly when its statements are, and
-- `first_at` (its earliest crediting statement) decides "at or before as_of".
-- Every recomputation writes one row per key it covers, `views` 0 where nothing is left
-- (a voiding, a structure change): the latest `derived` wins, readers take the table FINAL.
create table if not exists learner_page_views
(
    course_key LowCardinality(String),
    unit_key String,
    actor_id String,
    bucket DateTime('UTC'),
    first_at DateTime64(6, 'UTC'),
    views UInt32,
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, unit_key, actor_id, bucket);
