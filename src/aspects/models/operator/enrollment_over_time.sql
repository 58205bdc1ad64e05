-- Grain: one row per local bucket x track with an enrollment change in [from, to), plus one
-- row per track (kind 'before') with the net change before `from`; aspects.reports.enrollment
-- fill_over_time fills empty buckets, keeps the running total and adds the `all` rows.
-- METRICS.md "Operator": total and current enrollments over time by track, for the whole
-- instance. The course model (enrollment/over_time.sql) over every course (the
-- enrollment_deltas view, models/views): each (course, learner) pair's enrollment statements
-- replayed in (timestamp, stored, statement id) order, so the numbers count enrollments: a
-- learner in two courses counts twice. Per local bucket (day / week / month in the viewer's
-- zone) and track: new (a learner's first `registered` in that course), re_enrolled,
-- unenrolled (in the track the learner was in), net (moves between tracks included) and,
-- after filling, current_at_end.
-- Only statements emitted at or before as_of count.
with track_deltas as (
    select
        toDate(emission_time, {tz:String}) as local_date, track, new, re_enrolled, unenrolled,
        delta
    from enrollment_deltas
    where emission_time <= {as_of:DateTime64(6, 'UTC')}
),

in_period as (
    select
        'bucket' as kind,
        multiIf(
            {grain:String} = 'week', toStartOfWeek(local_date, 1),
            {grain:String} = 'month', toStartOfMonth(local_date),
            local_date
        ) as bucket_start,
        track, sum(new) as new, sum(re_enrolled) as re_enrolled,
        sum(unenrolled) as unenrolled, sum(delta) as net
    from track_deltas
    where local_date >= {from:Date} and local_date < {to:Date}
    group by bucket_start, track
),

before_period as (
    select
        'before' as kind, {from:Date} as bucket_start, track, toInt64(0) as new,
        toInt64(0) as re_enrolled, toInt64(0) as unenrolled, sum(delta) as net
    from track_deltas
    where local_date < {from:Date}
    group by track
),

final as (
    select * from before_period
    union all
    select * from in_period
)

select * from final
order by kind, bucket_start, track
