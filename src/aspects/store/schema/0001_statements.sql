-- The LRS's one statement table: one row per accepted xAPI statement.
-- Compatible with the community xapi.xapi_events_all(event_id, emission_time, event), plus the
-- time the LRS stored it, the comparison digest, and the typed columns parsed once at ingest
-- (METRICS.md defines each). One table keeps an insert atomic: the raw JSON, its typed columns
-- and the id index (projection) land in the same part or not at all, so a crash can never
-- leave a statement half written.
create table if not exists xapi_events_all
(
    event_id UUID,
    emission_time DateTime64(6, 'UTC'),
    event String codec(ZSTD(3)),
    stored DateTime64(6, 'UTC') codec(Delta, ZSTD(1)),
    digest UInt64,
    authority LowCardinality(String),
    actor_id String codec(ZSTD(1)),
    course_key LowCardinality(String),
    org LowCardinality(String),
    verb_id LowCardinality(String),
    object_id String codec(ZSTD(1)),
    object_type LowCardinality(String),
    block_key String codec(ZSTD(1)),
    block_type LowCardinality(String),
    enrollment_mode LowCardinality(String),
    video_time Nullable(Float64),
    video_length Nullable(Float64),
    video_time_from Nullable(Float64),
    video_time_to Nullable(Float64),
    nav_start Nullable(Int32),
    nav_end Nullable(Int32),
    success Nullable(Bool),
    score_raw Nullable(Float64),
    score_max Nullable(Float64),
    score_scaled Nullable(Float64),
    attempt Nullable(UInt32),
    grade_classification LowCardinality(String),
    voided_id Nullable(UUID),
    -- Idempotency lookups by id read this, not the table (a primary index on event_id).
    projection by_event_id (select event_id, digest order by event_id)
)
engine = MergeTree
order by (course_key, verb_id, actor_id, emission_time, event_id);
