-- Grain: one row per course.
-- METRICS.md "Enrollment": total enrollees = distinct learners with >= 1 `registered` in the
-- course; current enrollees = learners whose latest enrollment statement (registered /
-- unregistered) is `registered`. "Latest" is by (timestamp, stored, statement id) (METRICS.md
-- "Identity and time"), over statements emitted at or before as_of. current_pct is computed
-- from these exact counts by aspects.reports.enrollment.
with enrollment_statements as (
    select actor_id, verb_id, emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

learner_state as (
    select
        actor_id,
        countIf(verb_id = 'http://adlnet.gov/expapi/verbs/registered') > 0 as ever_registered,
        argMax(verb_id, (emission_time, stored, statement_id))
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current
    from enrollment_statements
    group by actor_id
),

final as (
    select
        toUInt64(countIf(ever_registered)) as total_enrollees,
        toUInt64(countIf(is_current)) as current_enrollees
    from learner_state
)

select * from final
