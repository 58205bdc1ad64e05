-- Grain: one row per organization with at least one course statement emitted at or before
-- as_of.
-- METRICS.md "Operator": organizations (courses, active learners).
--   org                  the part of the course key between the prefix and the first `+`
--   courses              its courses with at least one statement
--   current_enrollments  the sum over its courses of current enrollees (a learner enrolled in
--                        two of its courses counts twice), as in the courses report
--   active_learners_7d   distinct learners with a statement of any kind in any of its courses
--                        emitted in (as_of - 7 days, as_of]; a learner counts once per org
--   last_activity        the latest statement timestamp in its courses
-- Voided statements do not count (the `statements` view).
with course_statements as (
    select
        course_key, org, actor_id, verb_id, emission_time, stored,
        toString(event_id) as statement_id
    from statements
    where course_key != '' and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

activity as (
    select
        org, uniqExact(course_key) as courses, max(emission_time) as last_activity,
        uniqExactIf(
            actor_id,
            actor_id != '' and emission_time > {as_of:DateTime64(6, 'UTC')} - interval 7 day
        ) as active_learners_7d
    from course_statements
    group by org
),

learner_state as (
    select
        any(org) as org,
        argMax(verb_id, (emission_time, stored, statement_id))
            = 'http://adlnet.gov/expapi/verbs/registered' as is_current
    from course_statements
    where verb_id in (
        'http://adlnet.gov/expapi/verbs/registered',
        'http://id.tincanapi.com/verb/unregistered'
    )
    group by course_key, actor_id
),

enrollments as (
    select org, toUInt64(countIf(is_current)) as current_enrollments
    from learner_state
    group by org
),

final as (
    select
        activity.org as org, activity.courses as courses,
        enrollments.current_enrollments as current_enrollments,
        activity.active_learners_7d as active_learners_7d,
        activity.last_activity as last_activity
    from activity
    left join enrollments using org
)

select * from final
order by org
