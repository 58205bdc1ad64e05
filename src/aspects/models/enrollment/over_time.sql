-- Grain: one row per local bucket x track with an enrollment change in [from, to), plus one
-- row per track (kind 'before') with the net change before `from`; aspects.reports.enrollment
-- fills empty buckets, keeps the running total and adds the `all` rows.
-- METRICS.md "Enrollment over time": per bucket (day / week / month in the viewer's zone) new
-- enrollments (a learner's first ever `registered`), re-enrollments (`registered` while not
-- enrolled, after an earlier one), unenrollments (`unregistered` while enrolled, counted in
-- the track the learner was in) and the running total of current enrollees. Each learner's
-- enrollment statements are replayed in (timestamp, stored, statement id) order (the
-- learner facts' learner_enrollment_changes, models/facts/enrollment_changes.sql); a mode change
-- (`registered` while enrolled, another mode) moves the learner between tracks, so per track
-- net = new + re_enrolled - unenrolled + moves in - moves out. Buckets are local dates
-- (toDate in the viewer's zone), so a period boundary is local midnight.
-- The operator's instance-wide enrollments over time (METRICS.md "Operator") are this model
-- with an empty course_key: every course's enrollments, a learner in two courses counting twice.
with track_deltas as (
    select
        toDate(c.emission_time, {tz:String}) as local_date, c.track as track, c.new as new,
        c.re_enrolled as re_enrolled, c.unenrolled as unenrolled, c.delta as delta
    from learner_enrollment_changes final
    array join changes as c
    where ({course_key:String} = '' or course_key = {course_key:String})
        and c.emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

-- One pass over the deltas (a CTE named twice is computed twice): the period's buckets, and
-- before the period one row per track with its net change.
grouped as (
    select
        if(local_date < {from:Date}, 'before', 'bucket') as kind,
        if(
            local_date < {from:Date},
            {from:Date},
            multiIf(
                {grain:String} = 'week', toStartOfWeek(local_date, 1),
                {grain:String} = 'month', toStartOfMonth(local_date),
                local_date
            )
        ) as bucket_start,
        track,
        -- (aliases unlike the columns: an alias shadows the column of the same name)
        toInt64(sumIf(new, local_date >= {from:Date})) as new_in_period,
        toInt64(sumIf(re_enrolled, local_date >= {from:Date})) as re_enrolled_in_period,
        toInt64(sumIf(unenrolled, local_date >= {from:Date})) as unenrolled_in_period,
        sum(delta) as net_change
    from track_deltas
    where local_date < {to:Date}
    group by kind, bucket_start, track
)

select
    kind, bucket_start, track, new_in_period as new, re_enrolled_in_period as re_enrolled,
    unenrolled_in_period as unenrolled, net_change as net
from grouped
order by kind, bucket_start, track
