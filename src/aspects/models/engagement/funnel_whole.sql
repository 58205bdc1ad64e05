-- Grain and METRICS.md rules: as models/engagement/funnel.sql, over the course's whole history
-- as of now: chosen (aspects.reports.run) when the period starts at the beginning, ends after
-- as_of, and no statement of the course is later than as_of or without a learner, so every
-- activity counts and the enrollment that counts is the latest. Reads the learner facts:
-- pages viewed (learner_page_views), videos with >= 1 watched second (the summaries of
-- learner_video_segments: a covered stretch, or a segment ending at the video's length, the
-- longest any learner's statement reports, after its start), problems with a submission
-- (learner_problem_results), current enrollees (the roster).
-- The rows are those of models/engagement/levels.sql over what is defined here.
with
-- The length a segment closed by a `completed` without a position ends at, per video.
{{video/ends_at_length}} as longest,

engaged as (
    select distinct actor_id, unit_key as item_key
    from learner_page_views final
    where {kind:String} = 'pages'
        and course_key = {course_key:String}
        and views > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    union all
    select actor_id, video_key as item_key
    from learner_video_segments final
    where {kind:String} = 'videos'
        and course_key = {course_key:String}
        and (notEmpty(covered) or (
            mapContains(longest, video_key) and longest[video_key] > 0
            and arrayExists(s -> longest[video_key] > s, open_starts)
        ))
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    union all
    select distinct actor_id, problem_key as item_key
    from learner_problem_results final
    where {kind:String} = 'problems'
        and course_key = {course_key:String}
        and submissions > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

(
    select groupArray(actor_id)
    from learner_roster final
    where course_key = {course_key:String} and enrolled and current
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
) as current_ids

select level, block_id, name, position, section_position, items, at_least_one, all_items,
    none_yet
from {{engagement/levels}}
order by section_position, sub, course_order
