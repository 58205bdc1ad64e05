-- Grain and METRICS.md rules: as models/engagement/funnel.sql for problems, over the course's
-- whole history as of now (chosen as models/engagement/pages_whole.sql is). Reads the learner
-- facts: problems with a submission (learner_problem_results), current enrollees (the roster).
-- The counts are those of models/engagement/learner_levels.sql over what is defined here.
with
engaged as (
    select actor_id, problem_key as item_key
    from learner_problem_results final
    where course_key = {course_key:String}
        and submissions > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

current as {{engagement/current_whole}}

select * from {{engagement/learner_levels}}
