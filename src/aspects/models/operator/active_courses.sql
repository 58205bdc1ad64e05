-- Grain: one row per local bucket (hour / day / week / month in the viewer's zone) with at
-- least one active course in [from, to); aspects.reports.operator fills empty buckets.
-- METRICS.md "Operator": active courses. A course (`course_key`, METRICS.md "Identity") is
-- active in a bucket when at least one statement of any kind in it (from any learner) has its
-- timestamp in the bucket; each course counts once per bucket. Voided statements do not
-- count; only statements emitted at or before as_of count.
with activity as (
    select course_key, emission_time as at
    from statements
    where course_key != ''
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
        course_key
    from activity
),

final as (
    select bucket, uniqExact(course_key) as active_courses
    from bucketed
    group by bucket
)

select * from final
order by bucket
