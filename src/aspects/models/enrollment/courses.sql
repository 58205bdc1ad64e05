-- Grain: one row per course with at least one statement.
-- METRICS.md "Course" and "Operator": org = the part between the prefix and the first `+`,
-- run = the third `+` segment (the last one, except in CCX keys: ...+Run+ccx@N); enrollees =
-- current enrollees (latest enrollment statement, by (timestamp, stored, statement id), is
-- `registered`); last_activity = the latest statement timestamp in the course.
with course_statements as (
    select course_key, org, actor_id, verb_id, emission_time, stored,
        toString(event_id) as statement_id
    from statements
    where course_key != ''
),

activity as (
    select course_key, any(org) as org, max(emission_time) as last_activity
    from course_statements
    group by course_key
),

learner_state as (
    select
        course_key,
        argMax(verb_id, (emission_time, stored, statement_id))
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current
    from course_statements
    where verb_id in (
        'http://adlnet.gov/expapi/verbs/registered',
        'http://id.tincanapi.com/verb/unregistered'
    )
    group by course_key, actor_id
),

enrollees as (
    select course_key, toUInt64(countIf(is_current)) as enrollees
    from learner_state
    group by course_key
),

final as (
    select
        activity.course_key as course_key, activity.org as org,
        splitByChar('+', activity.course_key)[3] as run,
        enrollees.enrollees as enrollees, activity.last_activity as last_activity
    from activity
    left join enrollees using course_key
)

select * from final
order by course_key
