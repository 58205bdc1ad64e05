-- Grain: one row per local bucket x track with an enrollment change in [from, to), plus one
-- row per track (kind 'before') with the net change before `from`; aspects.reports.enrollment
-- fill_over_time fills empty buckets, keeps the running total and adds the `all` rows.
-- METRICS.md "Operator": total and current enrollments over time by track, for the whole
-- instance. The course model (enrollment/over_time.sql) applied to every course at once:
-- each (course, learner) pair's enrollment statements are replayed in (timestamp, stored,
-- statement id) order, so the numbers count enrollments: a learner in two courses counts
-- twice. Per local bucket (day / week / month in the viewer's zone) and track: new (a
-- learner's first `registered` in that course), re_enrolled, unenrolled (in the track the
-- learner was in), net (moves between tracks included) and, after filling, current_at_end.
-- Only statements emitted at or before as_of count.
with enrollment_statements as (
    select
        course_key, actor_id,
        verb_id = 'http://adlnet.gov/expapi/verbs/registered' as is_registered,
        if(is_registered, if(enrollment_mode = '', 'unknown', enrollment_mode), '') as track,
        toDate(emission_time, {tz:String}) as local_date,
        emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key != ''
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

replayed as (
    select
        local_date, is_registered, track,
        lagInFrame(is_registered, 1, false) over enrollment as was_enrolled,
        lagInFrame(track, 1, '') over enrollment as track_before,
        sum(toUInt64(is_registered)) over enrollment - is_registered as registrations_before
    from enrollment_statements
    window enrollment as (
        partition by course_key, actor_id order by emission_time, stored, statement_id
        rows between unbounded preceding and current row
    )
),

transitions as (
    select
        local_date, track as entered_track, track_before as left_track,
        is_registered and registrations_before = 0 as is_new,
        is_registered and not was_enrolled and registrations_before > 0 as is_re_enrolled,
        not is_registered and was_enrolled as is_unenrolled,
        is_registered and was_enrolled and track != track_before as is_move
    from replayed
),

-- Each transition as +1 to the track entered and -1 to the track left.
track_deltas as (
    select
        local_date,
        change.1 as track, change.2 as new, change.3 as re_enrolled, change.4 as unenrolled,
        change.5 as delta
    from transitions
    array join [
        (entered_track, toInt64(is_new), toInt64(is_re_enrolled), toInt64(0),
            toInt64(is_new or is_re_enrolled or is_move)),
        (left_track, toInt64(0), toInt64(0), toInt64(is_unenrolled),
            -toInt64(is_unenrolled or is_move))
    ] as change
    where change.5 != 0
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
