-- Grain and METRICS.md rules: as models/engagement/funnel.sql for pages, over the course's whole
-- history as of now: chosen (aspects.reports.run) when the period starts at the beginning, ends
-- after as_of, and no statement of the course is later than as_of or without a learner, so
-- every view counts and the enrollment that counts is the latest. Reads the learner facts:
-- units viewed (learner_page_views), current enrollees (the roster).
-- The counts are those of models/engagement/learner_levels.sql over what is defined here.
with
engaged as (
    select actor_id, unit_key as item_key
    from learner_page_views final
    where course_key = {course_key:String}
        and views > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

current as {{engagement/current_whole}}

select * from {{engagement/learner_levels}}
