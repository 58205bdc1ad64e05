-- Grain and METRICS.md rules: as models/grades/distribution.sql, over the course's whole
-- history as of now (chosen by aspects.reports.run when no statement of the course is later
-- than as_of or without a learner): the roster (learner_roster, the learner facts) holds each
-- learner's course grade (the latest `earned` on the course).
-- The rows are those of models/grades/distribution_rows.sql over what is defined here.
with
roster as (
    -- (`roster_grade`: an alias would shadow the column of the same name below)
    select current, grade as roster_grade
    from learner_roster final
    where course_key = {course_key:String}
        and enrolled
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

learner_state as (
    select
        current as is_current, roster_grade is not null as has_grade,
        assumeNotNull(roster_grade) as grade
    from roster
)

select * from {{grades/distribution_rows}}
order by bucket
