-- LMS data in the community event_sink shapes (issue 3): the columns, their names and their
-- order are those of openedx/platform-plugin-aspects' sink serializers
-- (platform_plugin_aspects/sinks/serializers.py, course_overview_sink.py for course_blocks) and
-- of tutor-contrib-aspects' ClickHouse migrations (0007, 0016, 0026, 0031, 0036, 0040), so a
-- positional CSV insert of what the sink or xapi-db-load writes lands column for column.
-- Types are ours: values are checked and converted once at ingest (aspects.lms.sink), so times
-- are DateTime64 instead of the community's Strings.
--
-- Latest wins: every table is a ReplacingMergeTree versioned by time_last_dumped and ordered by
-- what identifies one LMS object, so several dumps of the same course / block / enrollment /
-- user keep the latest. Merges happen in the background: read through the latest_* views
-- below (FINAL), never the tables.

create table if not exists course_overviews
(
    org LowCardinality(String),
    course_key String,
    display_name String,
    course_start Nullable(DateTime64(6, 'UTC')),
    course_end Nullable(DateTime64(6, 'UTC')),
    enrollment_start Nullable(DateTime64(6, 'UTC')),
    enrollment_end Nullable(DateTime64(6, 'UTC')),
    self_paced Bool,
    course_data_json String,
    created Nullable(DateTime64(6, 'UTC')),
    modified Nullable(DateTime64(6, 'UTC')),
    dump_id UUID,
    time_last_dumped DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(time_last_dumped)
order by course_key;

-- One row per block per publish. xblock_data_json carries block_type, detached, graded,
-- completion_mode and the section / subsection / unit positions (course_overview_sink.py);
-- the materialized columns parse it once at insert and are left out of `select *`.
create table if not exists course_blocks
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
    block_type LowCardinality(String) materialized JSONExtractString(xblock_data_json, 'block_type'),
    section Int32 materialized toInt32(JSONExtractInt(xblock_data_json, 'section')),
    subsection Int32 materialized toInt32(JSONExtractInt(xblock_data_json, 'subsection')),
    unit Int32 materialized toInt32(JSONExtractInt(xblock_data_json, 'unit')),
    graded Bool materialized JSONExtractInt(xblock_data_json, 'graded') != 0
        or JSONExtractBool(xblock_data_json, 'graded'),
    detached Bool materialized JSONExtractInt(xblock_data_json, 'detached') != 0
        or JSONExtractBool(xblock_data_json, 'detached'),
    completion_mode LowCardinality(String)
        materialized JSONExtractString(xblock_data_json, 'completion_mode')
)
engine = ReplacingMergeTree(time_last_dumped)
order by (course_key, location);

create table if not exists course_enrollment
(
    id Int64,
    course_key String,
    created Nullable(DateTime64(6, 'UTC')),
    is_active Bool,
    mode LowCardinality(String),
    username String,
    user_id Int64,
    dump_id UUID,
    time_last_dumped DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(time_last_dumped)
order by (course_key, user_id);

-- external_user_id is the anonymous id event-routing-backends puts in xAPI actors.
create table if not exists external_id
(
    external_user_id UUID,
    external_id_type LowCardinality(String),
    username String,
    user_id Int64,
    dump_id UUID,
    time_last_dumped DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(time_last_dumped)
order by external_user_id;

create table if not exists user_profile
(
    id Int64,
    user_id Int64,
    name String,
    username String,
    email String,
    meta String,
    courseware String,
    language String,
    location String,
    year_of_birth Nullable(Int64),
    gender String,
    level_of_education String,
    mailing_address String,
    city String,
    country String,
    state String,
    goals String,
    bio String,
    profile_image_uploaded_at Nullable(DateTime64(6, 'UTC')),
    phone_number String,
    dump_id UUID,
    time_last_dumped DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(time_last_dumped)
order by user_id;
