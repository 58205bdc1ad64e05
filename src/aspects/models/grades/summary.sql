-- Grain: one row per course.
-- METRICS.md "Performance (grades)": a learner's course grade is result.score.scaled (0-1) of
-- their latest `earned` statement on the course object; their pass state is the latest of
-- `passed` / `failed` on the course or the grade_classification of an `earned` statement
-- ("Fail" fails, "Pass" or a letter grade passes); no state = not passed. Counts are over
-- current enrollees (latest enrollment statement is `registered`); mean and median over the
-- graded ones. "Latest" is by (timestamp, stored, statement id). Grades become exact decimals
-- (from their shortest text form) so the mean does not depend on summation order.
-- The rows are those of models/grades/summary_rows.sql over what is defined here.
with course_statements as (
    select
        actor_id, verb_id, score_scaled, grade_classification, emission_time, stored,
        toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and (
            verb_id in (
                'http://adlnet.gov/expapi/verbs/registered',
                'http://id.tincanapi.com/verb/unregistered'
            )
            or (
                verb_id in (
                    'http://id.tincanapi.com/verb/earned',
                    'http://adlnet.gov/expapi/verbs/passed',
                    'http://adlnet.gov/expapi/verbs/failed'
                )
                and object_type = 'http://adlnet.gov/expapi/activities/course'
            )
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

classified as (
    select
        actor_id, verb_id, score_scaled, (emission_time, stored, statement_id) as latest_key,
        verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        ) as is_enrollment,
        verb_id = 'http://id.tincanapi.com/verb/earned' and score_scaled is not null as is_grade,
        -- 1 passed, 0 not passed, -1 says nothing about passing.
        multiIf(
            verb_id = 'http://adlnet.gov/expapi/verbs/passed', 1,
            verb_id = 'http://adlnet.gov/expapi/verbs/failed', 0,
            verb_id = 'http://id.tincanapi.com/verb/earned' and grade_classification != '',
            toInt8(lower(grade_classification) != 'fail'),
            -1
        ) as pass_state
    from course_statements
),

learner_state as (
    select
        actor_id,
        argMaxIf(verb_id, latest_key, is_enrollment)
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current,
        countIf(is_grade) > 0 as has_grade,
        argMaxIf(assumeNotNull(score_scaled), latest_key, is_grade) as grade,
        argMaxIf(pass_state, latest_key, pass_state >= 0) = 1 as passed
    from classified
    group by actor_id
)

select * from {{grades/summary_rows}}
