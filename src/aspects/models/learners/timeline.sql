-- Grain: one row per local day (in tz) x kind of one learner's activity, oldest first.
-- METRICS.md "one learner": a time line of their activity. Kinds are those of the `visits`
-- view (navigation, video, problem, forum), plus enrollment and grade statements.
with activity as (
    select emission_time, kind
    from visits
    where course_key = {course_key:String}
        and actor_id = {actor_id:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
    union all
    select
        emission_time,
        if(
            verb_id in (
                'http://adlnet.gov/expapi/verbs/registered',
                'http://id.tincanapi.com/verb/unregistered'
            ),
            'enrollment',
            'grade'
        ) as kind
    from statements
    where course_key = {course_key:String}
        and actor_id = {actor_id:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered',
            'http://id.tincanapi.com/verb/earned',
            'http://adlnet.gov/expapi/verbs/passed',
            'http://adlnet.gov/expapi/verbs/failed'
        )
),

final as (
    select toDate(emission_time, {tz:String}) as day, kind, toUInt64(count()) as statements
    from activity
    group by day, kind
)

select * from final
order by day, kind
