-- Grain: one row per track with any enrollment or change up to `to`; aspects.reports.enrollment
-- adds the `all` row.
-- METRICS.md "Change over a chosen period": current enrollees at `from` and at `to` (local
-- midnights in the viewer's zone; no `from`: the course run, from the first enrollment), the
-- difference, and inside [from, to): new enrollments (a learner's first ever `registered`),
-- re-enrollments (a `registered` while not enrolled, after an earlier one), unenrollments
-- (`unregistered` while enrolled, in the track the learner was in) and track changes
-- (`registered` while enrolled with another mode: out of the old track, into the new); per
-- track change = new + re_enrolled − unenrolled + track_changes_in − track_changes_out. The changes are the learner facts'
-- (learner_enrollment_changes, models/facts/enrollment_changes.sql): each learner's enrollment
-- statements replayed in (timestamp, stored, statement id) order.
with track_deltas as (
    select
        toDate(c.emission_time, {tz:String}) as local_date, c.track as track, c.new as new,
        c.re_enrolled as re_enrolled, c.unenrolled as unenrolled, c.moved_in as moved_in, c.moved_out as moved_out,
        c.delta as delta
    from learner_enrollment_changes final
    array join changes as c
    where course_key = {course_key:String}
        and c.emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

final as (
    select
        track,
        sumIf(delta, local_date < {from:Date}) as current_at_from,
        sumIf(delta, local_date < {to:Date}) as current_at_to,
        sumIf(new, local_date >= {from:Date} and local_date < {to:Date}) as new,
        sumIf(re_enrolled, local_date >= {from:Date} and local_date < {to:Date}) as re_enrolled,
        sumIf(unenrolled, local_date >= {from:Date} and local_date < {to:Date}) as unenrolled,
        sumIf(moved_in, local_date >= {from:Date} and local_date < {to:Date})
            as track_changes_in,
        sumIf(moved_out, local_date >= {from:Date} and local_date < {to:Date})
            as track_changes_out
    from track_deltas
    where local_date < {to:Date}
    group by track
)

select * from final
order by track
