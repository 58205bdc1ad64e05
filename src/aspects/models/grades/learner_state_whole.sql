-- The `learner_state` the grade frames (grades/summary_rows.sql, distribution_rows.sql) read,
-- over the course's whole history: one row per learner ever enrolled, from the roster
-- (learner_roster, the learner facts): enrolled now, their course grade (the latest `earned`
-- on the course) and pass state.
select
    current as is_current, roster_grade is not null as has_grade,
    assumeNotNull(roster_grade) as grade, passed
from (
    -- (`roster_grade`: an alias would shadow the column of the same name above)
    select current, grade as roster_grade, passed
    from learner_roster final
    where course_key = {course_key:String}
        and enrolled
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
)
