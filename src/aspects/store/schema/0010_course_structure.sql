-- The latest published structure of each course, kept as a table (the `latest_course_blocks`
-- view reads it): every report and learner fact reads a course's structure, and picking its
-- latest dump out of all of `course_blocks` on every read cost more than the rest of many
-- queries. Derived per course whenever its blocks are written (aspects.lms.sink →
-- aspects.ingest.facts, models/facts/structure.sql): one row per block of the latest dump;
-- a block the latest dump no longer has gets a row with `present` false. The latest `derived`
-- wins: readers take the table FINAL.
create table if not exists course_structure
(
    org LowCardinality(String),
    course_key String,
    location String,
    display_name String,
    xblock_data_json String,
    `order` Int32,
    edited_on Nullable(DateTime64(6, 'UTC')),
    dump_id UUID,
    time_last_dumped DateTime64(6, 'UTC'),
    block_type LowCardinality(String),
    section Int32,
    subsection Int32,
    unit Int32,
    graded Bool,
    detached Bool,
    completion_mode LowCardinality(String),
    present Bool,
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, location);
