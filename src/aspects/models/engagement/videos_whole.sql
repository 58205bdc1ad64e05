-- Grain and METRICS.md rules: as models/engagement/funnel.sql for videos, over the course's
-- whole history as of now (chosen as models/engagement/pages_whole.sql is). Reads the learner
-- facts: videos with >= 1 watched second (the summaries of learner_video_segments: a covered
-- stretch, or a segment ending at the video's length, the longest any learner's statement
-- reports, after its start), current enrollees (the roster).
-- The counts are those of models/engagement/learner_levels.sql over what is defined here.
with
-- The length a segment closed by a `completed` without a position ends at, per video.
{{video/ends_at_length}} as longest,

engaged as (
    select actor_id, video_key as item_key
    from learner_video_segments final
    where course_key = {course_key:String}
        and (notEmpty(covered) or (
            mapContains(longest, video_key) and longest[video_key] > 0
            and arrayExists(s -> longest[video_key] > s, open_starts)
        ))
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

current as {{engagement/current_whole}}

select * from {{engagement/learner_levels}}
