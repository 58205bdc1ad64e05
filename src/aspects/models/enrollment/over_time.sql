-- Grain: one row per local bucket x track with an enrollment change in [from, to), plus one
-- row per track (kind 'before') with the net change before `from`; aspects.reports.enrollment
-- fills empty buckets, keeps the running total and adds the `all` rows.
-- METRICS.md "Enrollment over time": per bucket (day / week / month in the viewer's zone) new
-- enrollments (a learner's first ever `registered`), re-enrollments (`registered` while not
-- enrolled, after an earlier one), unenrollments (`unregistered` while enrolled, counted in
-- the track the learner was in) and the running total of current enrollees. Each learner's
-- enrollment statements are replayed in (timestamp, stored, statement id) order (the
-- enrollment_transitions view, schema 0006); a mode change
-- (`registered` while enrolled, another mode) moves the learner between tracks, so per track
-- net = new + re_enrolled - unenrolled + moves in - moves out. Buckets are local dates
-- (toDate in the viewer's zone), so a period boundary is local midnight.
with transitions as (
    select
        toDate(emission_time, {tz:String}) as local_date, entered_track, left_track,
        is_new, is_re_enrolled, is_unenrolled, is_move
    from enrollment_transitions
    where course_key = {course_key:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
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
