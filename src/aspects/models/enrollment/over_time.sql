-- Grain: one row per local bucket x track with an enrollment change in [from, to), plus one
-- row per track (kind 'before') with the net change before `from`; aspects.reports.enrollment
-- fills empty buckets, keeps the running total and adds the `all` rows.
-- METRICS.md "Enrollment over time": per bucket (day / week / month in the viewer's zone) new
-- enrollments (a learner's first ever `registered`), re-enrollments (`registered` while not
-- enrolled, after an earlier one), unenrollments (`unregistered` while enrolled, counted in
-- the track the learner was in) and the running total of current enrollees. Each learner's
-- enrollment statements are replayed in (timestamp, stored, statement id) order (the
-- enrollment_deltas view, models/views); a mode change
-- (`registered` while enrolled, another mode) moves the learner between tracks, so per track
-- net = new + re_enrolled - unenrolled + moves in - moves out. Buckets are local dates
-- (toDate in the viewer's zone), so a period boundary is local midnight.
-- The operator's instance-wide enrollments over time (METRICS.md "Operator") are this model
-- with an empty course_key: every course's enrollments, a learner in two courses counting twice.
with track_deltas as (
    select
        toDate(emission_time, {tz:String}) as local_date, track, new, re_enrolled, unenrolled,
        delta
    from enrollment_deltas
    where ({course_key:String} = '' or course_key = {course_key:String})
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
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
