-- video_segments: one row per learner × video × watched segment (METRICS.md "Video",
-- "Segments"), read from the learner facts (learner_video_segments, kept exact as statements
-- arrive: models/facts/video_segments.sql pairs each learner's statements).
-- Columns:
--   course_key, actor_id, video_key   the course, the learner, the video's usage key
--   segment_start, segment_end        positions in seconds (segment_end > segment_start,
--                                     segment_end > 0); it covers the integer seconds
--                                     floor(segment_start) … ceil(segment_end) − 1
--   opened_at, closed_at              emission times of the opening and the closing statement
-- A segment a `completed` closed without a position ends at the video's length: the longest
-- any learner's statement of the video reports. Zero and negative spans are dropped.
-- "As of" a time T: keep closed_at <= T (a segment whose close came later was still open at T,
-- and the pairing of earlier statements never depends on later ones).
with
learner_videos as (
    select
        course_key, actor_id, video_key, segments,
        max(longest_length) over (partition by course_key, video_key) as longest
    from learner_video_segments final
),

segments as (
    select
        course_key, actor_id, video_key,
        segment.1 as segment_from,
        if(segment.5, longest, segment.2) as segment_to,
        segment.3 as opened_at,
        segment.4 as closed_at
    from learner_videos
    array join segments as segment
)

select
    course_key, actor_id, video_key,
    assumeNotNull(segment_from) as segment_start, assumeNotNull(segment_to) as segment_end,
    opened_at, closed_at
from segments
where segment_from is not null and segment_to is not null
    and segment_to > segment_from and segment_to > 0
