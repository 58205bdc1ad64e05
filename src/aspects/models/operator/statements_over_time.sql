-- Grain: one row per local bucket (hour / day / week / month in the viewer's zone) with at
-- least one statement received or emitted in [from, to); aspects.reports.operator fills the
-- buckets without any with zeros.
-- METRICS.md "Operator": statements per day and per hour, over the whole instance.
--   received  statements this LRS stored in the bucket, by `stored` (when they arrived)
--   emitted   statements whose own timestamp (`emission_time`, METRICS.md "Time") is in it
-- Both count every row of xapi_events_all: voiding statements and voided ones too (they were
-- received); an identical resend is never stored twice, so it is never counted twice. Each
-- count keeps the statements whose counted time is at or before as_of.
with received as (
    select stored as at, 1 as is_received, 0 as is_emitted
    from xapi_events_all
    where stored >= {start_at:DateTime64(6, 'UTC')}
        and stored < {end_at:DateTime64(6, 'UTC')}
        and stored <= {as_of:DateTime64(6, 'UTC')}
),

emitted as (
    select emission_time as at, 0 as is_received, 1 as is_emitted
    from xapi_events_all
    where emission_time >= {start_at:DateTime64(6, 'UTC')}
        and emission_time < {end_at:DateTime64(6, 'UTC')}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

events as (
    select * from received
    union all
    select * from emitted
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
        is_received, is_emitted
    from events
),

final as (
    select bucket, sum(is_received) as received, sum(is_emitted) as emitted
    from bucketed
    group by bucket
)

select * from final
order by bucket
