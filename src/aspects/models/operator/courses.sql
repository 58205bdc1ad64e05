-- Grain: one row per course with at least one statement emitted at or before as_of.
-- METRICS.md "Operator": courses (enrollees, active in the last 7 days, last activity).
--   course_key          METRICS.md "Identity"
--   name                the LMS display name (latest course overview); '' without LMS data
--   org                 the part of the key between the prefix and the first `+`
--   current_enrollees   learners whose latest enrollment statement in the course (by
--                       timestamp, stored, statement id) is `registered` (METRICS.md "Enrollment")
--   active_learners_7d  distinct learners with a statement of any kind in the course emitted
--                       in the 7 days (168 h) up to as_of: (as_of - 7 days, as_of]
--   statements          statements in the course
--   last_activity       the latest statement timestamp in the course
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
        course_key, any(org) as org, count() as statements,
        max(emission_time) as last_activity,
        uniqExactIf(
            actor_id,
            actor_id != '' and emission_time > {as_of:DateTime64(6, 'UTC')} - interval 7 day
        ) as active_learners_7d
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
    select course_key, toUInt64(countIf(is_current)) as current_enrollees
    from learner_state
    group by course_key
),

names as (
    select course_key, any(display_name) as name
    from latest_course_overviews
    group by course_key
),

final as (
    select
        activity.course_key as course_key, names.name as name, activity.org as org,
        enrollees.current_enrollees as current_enrollees,
        activity.active_learners_7d as active_learners_7d,
        activity.statements as statements, activity.last_activity as last_activity
    from activity
    left join enrollees using course_key
    left join names using course_key
)

select * from final
order by course_key
