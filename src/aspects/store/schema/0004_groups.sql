-- Saved custom learner groups (issue 5): one row per version of a group; the highest version
-- wins (ReplacingMergeTree), a deletion is a version with deleted = true. Only the definition
-- is stored (name and filters as JSON); membership is computed when asked, never stored stale.
-- Read through FINAL (aspects.groups.saved).
create table if not exists learner_groups
(
    course_key String,
    group_id String,
    name String,
    filters String,
    created_by String,
    created_at DateTime64(6, 'UTC'),
    updated_at DateTime64(6, 'UTC'),
    deleted Bool,
    version UInt64
)
engine = ReplacingMergeTree(version)
order by (course_key, group_id);
