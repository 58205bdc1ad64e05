-- Grain: one row per track with any enrollment or change up to `to`; aspects.reports.enrollment
-- adds the `all` row.
-- METRICS.md "Change over a chosen period": current enrollees at `from` and at `to` (local
-- midnights in the viewer's zone), the difference, and inside [from, to): new enrollments (a
-- learner's first ever `registered`), unenrollments (`unregistered` while enrolled, in the
-- track the learner was in) and track changes (`registered` while enrolled with another mode:
-- out of the old track, into the new). Each learner's enrollment statements are replayed in
-- (timestamp, stored, statement id) order, as in over_time.sql.
with enrollment_statements as (
    select
        actor_id,
        verb_id = 'http://adlnet.gov/expapi/verbs/registered' as is_registered,
        if(is_registered, if(enrollment_mode = '', 'unknown', enrollment_mode), '') as track,
        toDate(emission_time, {tz:String}) as local_date,
        emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

replayed as (
    select
        local_date, is_registered, track,
        lagInFrame(is_registered, 1, false) over learner as was_enrolled,
        lagInFrame(track, 1, '') over learner as track_before,
        sum(toUInt64(is_registered)) over learner - is_registered as registrations_before
    from enrollment_statements
    window learner as (
        partition by actor_id order by emission_time, stored, statement_id
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
        change.1 as track, change.2 as new, change.3 as unenrolled, change.4 as moved_in,
        change.5 as moved_out, change.6 as delta
    from transitions
    array join [
        (entered_track, toInt64(is_new), toInt64(0), toInt64(is_move), toInt64(0),
            toInt64(is_new or is_re_enrolled or is_move)),
        (left_track, toInt64(0), toInt64(is_unenrolled), toInt64(0), toInt64(is_move),
            -toInt64(is_unenrolled or is_move))
    ] as change
    where change.6 != 0
),

final as (
    select
        track,
        sumIf(delta, local_date < {from:Date}) as current_at_from,
        sumIf(delta, local_date < {to:Date}) as current_at_to,
        sumIf(new, local_date >= {from:Date} and local_date < {to:Date}) as new,
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
