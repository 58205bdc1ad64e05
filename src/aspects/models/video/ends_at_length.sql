-- A map, read as a scalar (computed once) by models/video/watchers_whole.sql and
-- models/engagement/videos_whole.sql: for each video of the course {course_key:String} that has
-- segments closed by a `completed` without a position, the length they end at: the longest any
-- learner's statement of the video reports (every learner, as models/views/video_segments.sql).
select cast((groupArray(video_key), groupArray(longest)), 'Map(String, Float64)')
from (
    select video_key, assumeNotNull(max(longest_length)) as longest
    from learner_video_segments final
    where course_key = {course_key:String}
        and video_key in (
            -- (any version of a row: a superset of the videos, at the cost of one column)
            select video_key
            from learner_video_segments
            where course_key = {course_key:String} and notEmpty(open_starts)
        )
    group by video_key
    having max(longest_length) is not null
)
