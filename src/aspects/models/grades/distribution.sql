-- Grain: one row per grade bucket that has learners (bucket -1 = no grade yet);
-- aspects.reports.grades adds the empty buckets and the labels.
-- METRICS.md "Grade distribution": current enrollees by course grade (the latest `earned`
-- statement's scaled score on the course, by (timestamp, stored, statement id)), bucket =
-- floor(round(grade x 100, 2) / 10) x 10 with 100 % in the 90 bucket; learners with no grade
-- form their own bucket, not 0 %.
-- The rows are those of models/grades/distribution_rows.sql over what is defined here.
with course_statements as (
    select
        actor_id, verb_id, score_scaled, emission_time, stored,
        toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and (
            verb_id in (
                'http://adlnet.gov/expapi/verbs/registered',
                'http://id.tincanapi.com/verb/unregistered'
            )
            or (
                verb_id = 'http://id.tincanapi.com/verb/earned'
                and object_type = 'http://adlnet.gov/expapi/activities/course'
            )
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

learner_state as (
    select
        actor_id,
        argMaxIf(verb_id, (emission_time, stored, statement_id), verb_id != 'http://id.tincanapi.com/verb/earned')
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current,
        countIf(verb_id = 'http://id.tincanapi.com/verb/earned' and score_scaled is not null)
            > 0 as has_grade,
        argMaxIf(
            assumeNotNull(score_scaled),
            (emission_time, stored, statement_id),
            verb_id = 'http://id.tincanapi.com/verb/earned' and score_scaled is not null
        ) as grade
    from course_statements
    group by actor_id
)

select * from {{grades/distribution_rows}}
order by bucket
