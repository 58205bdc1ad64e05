-- Grain and METRICS.md rules: as models/video/segments.sql, over the course's whole history as
-- of now: chosen (aspects.reports.run) when the period starts at the beginning, ends after
-- as_of, and no statement of the course is later than as_of or without a learner, so every
-- segment is closed and every length is one a statement reports. Reads the video's rows of
-- learner_video_segments (models/facts/video_segments.sql) instead of the video_segments view,
-- which pairs every video of every course to find this one's.
-- The views per bucket are those of models/video/segment_buckets.sql over what is defined here.
with
-- The length the learners asked for report in their segment statements.
(
    select max(longest_length)
    from learner_video_segments final
    where course_key = {course_key:String} and video_key = {video:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
) as video_length,

-- Where a segment closed by a `completed` without a position ends: the longest length any
-- learner's statements of the video report (as the video_segments view resolves it).
(
    select max(longest_length)
    from learner_video_segments final
    where course_key = {course_key:String} and video_key = {video:String}
) as longest,

-- The segments the video_segments view keeps: a known start and end, a positive span.
segments as (
    select actor_id, assumeNotNull(segment.1) as a,
        assumeNotNull(if(segment.5, longest, segment.2)) as b
    from learner_video_segments final
    array join segments as segment
    where course_key = {course_key:String} and video_key = {video:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
        and segment.1 is not null and if(segment.5, longest, segment.2) is not null
        and if(segment.5, longest, segment.2) > segment.1
        and if(segment.5, longest, segment.2) > 0
)

select * from {{video/segment_buckets}}
