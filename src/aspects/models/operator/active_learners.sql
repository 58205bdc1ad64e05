-- Grain: one row per local bucket (hour / day / week / month in the viewer's zone) with at
-- least one active learner in [from, to); aspects.reports.operator fills empty buckets.
-- METRICS.md "Operator": active learners per day, over the whole instance. A learner
-- (`actor_id`, METRICS.md "Identity") is active in a bucket when at least one of their
-- statements of any kind (enrollment and grading included, in any course or none) has its
-- timestamp in it; each learner counts once per bucket. Voided statements do not count
-- (the `statements` view); only statements emitted at or before as_of count.
with activity as (
    select actor_id, emission_time as at
    from statements
    where actor_id != ''
        and emission_time >= {start_at:DateTime64(6, 'UTC')}
        and emission_time < {end_at:DateTime64(6, 'UTC')}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

-- The local bucket's first instant, in UTC (a week starts on Monday, ISO 8601).
bucketed as (
    select
        toTimeZone(
            multiIf(
                {grain:String} = 'hour', toStartOfHour(toDateTime(at), {tz:String}),
                {grain:String} = 'week',
                toDateTime(toStartOfWeek(toDate(at, {tz:String}), 1), {tz:String}),
                {grain:String} = 'month',
                toDateTime(toStartOfMonth(toDate(at, {tz:String})), {tz:String}),
                toDateTime(toDate(at, {tz:String}), {tz:String})
            ),
            'UTC'
        ) as bucket,
        actor_id
    from activity
),

final as (
    select bucket, uniqExact(actor_id) as active_learners
    from bucketed
    group by bucket
)

select * from final
order by bucket
