-- Learner facts, the roster: one row per course × learner with a statement in the course, the
-- state groups and the at-risk rule read (METRICS.md "Learner groups and individual
-- learners"), computed from all of the learner's statements in the course
-- (models/learners/roster_state.sql, as of the end of time). `latest_at` is the time of their
-- latest statement there: as of any instant at or after it the row is exact, and a roster as
-- of an earlier instant recomputes that learner from their statements
-- (models/learners/roster_states.sql). `enrolled` is false for a learner never enrolled (no
-- `registered`): not on the roster. Every recomputation writes one row per learner it covers;
-- the latest `derived` wins, readers take the table FINAL.
create table if not exists learner_roster
(
    course_key LowCardinality(String),
    actor_id String,
    enrolled Bool,
    current Bool,
    track String,
    first_enrolled_at DateTime64(6, 'UTC'),
    enrolled_at DateTime64(6, 'UTC'),
    last_visit Nullable(DateTime64(6, 'UTC')),
    grade Nullable(Float64),
    passed Bool,
    engaged Bool,
    sections_visited Array(Int32),
    latest_at DateTime64(6, 'UTC'),
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, actor_id);
