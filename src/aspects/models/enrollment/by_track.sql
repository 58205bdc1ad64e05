-- Grain: one row per enrollment track (mode) with at least one current enrollee.
-- METRICS.md "Enrollment": a learner's track is the mode of their latest `registered`
-- statement (a mode change is a new `registered`); enrollees per track = current enrollees
-- (latest enrollment statement is `registered`) by track. "Latest" is by (timestamp, stored,
-- statement id). A registration without a mode is track `unknown`. pct is computed by
-- aspects.reports.enrollment.
with enrollment_statements as (
    select
        actor_id, verb_id, enrollment_mode, emission_time, stored,
        toString(event_id) as statement_id
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
        argMax(verb_id, (emission_time, stored, statement_id))
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current,
        argMaxIf(
            enrollment_mode,
            (emission_time, stored, statement_id),
            verb_id = 'http://adlnet.gov/expapi/verbs/registered'
        ) as mode
    from enrollment_statements
    group by actor_id
),

final as (
    select if(mode = '', 'unknown', mode) as track, toUInt64(count()) as current_enrollees
    from learner_state
    where is_current
    group by track
)

select * from final
order by current_enrollees desc, track
