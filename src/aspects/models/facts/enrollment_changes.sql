-- Grain: one row per course × learner of the scope with an enrollment statement, voided or not:
-- the courses {scope_courses}, every learner of them ({scope_all:Bool}: a rebuild) or the
-- (course, learner) {scope_pairs} a committed batch touched (their learners {scope_actors}
-- too); the rows of learner_enrollment_changes (schema 0013), inserted, `derived` = now (the
-- latest wins).
-- METRICS.md "Enrollment": the learner's `registered` / `unregistered` statements that are not
-- voided (xAPI 1.0.3 Part 2 §2.3.2), replayed in (timestamp, stored, statement id) order; each
-- one is
--   new          their first ever `registered` in the course
--   re-enrolled  a `registered` while not enrolled, after an earlier one
--   unenrolled   an `unregistered` while enrolled (out of the track they were in)
--   moved        a `registered` while enrolled with another mode (track before → its track)
-- and changes the track entered (a `registered`'s mode, 'unknown' when it names none) by +1
-- and the track left by −1.
insert into learner_enrollment_changes (course_key, actor_id, changes, derived)
with
enrollment_statements as (
    select
        course_key, actor_id, emission_time, stored, toString(event_id) as statement_id,
        verb_id = 'http://adlnet.gov/expapi/verbs/registered' as is_registered,
        if(is_registered, if(enrollment_mode = '', 'unknown', enrollment_mode), '') as track,
        event_id in {{lrs/voided_ids}} as voided
    from xapi_events_all
    where verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
        and course_key != '' and actor_id != ''
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
),

replayed as (
    select
        course_key, actor_id, emission_time, is_registered, track,
        lagInFrame(is_registered, 1, false) over enrollment as was_enrolled,
        lagInFrame(track, 1, '') over enrollment as track_before,
        sum(toUInt64(is_registered)) over enrollment - is_registered as registrations_before
    from enrollment_statements
    where not voided
    window enrollment as (
        partition by course_key, actor_id order by emission_time, stored, statement_id
        rows between unbounded preceding and current row
    )
),

transitions as (
    select
        course_key, actor_id, emission_time, track, track_before,
        is_registered and registrations_before = 0 as is_new,
        is_registered and not was_enrolled and registrations_before > 0 as is_re_enrolled,
        not is_registered and was_enrolled as is_unenrolled,
        is_registered and was_enrolled and track != track_before as is_move
    from replayed
),

-- (emission_time, track, new, re_enrolled, unenrolled, moved_in, moved_out, delta)
changes as (
    select course_key, actor_id, change
    from transitions
    array join [
        (emission_time, track, toInt64(is_new), toInt64(is_re_enrolled), toInt64(0),
            toInt64(is_move), toInt64(0), toInt64(is_new or is_re_enrolled or is_move)),
        (emission_time, track_before, toInt64(0), toInt64(0), toInt64(is_unenrolled),
            toInt64(0), toInt64(is_move), -toInt64(is_unenrolled or is_move))
    ] as change
    where change.8 != 0
)

select course_key, actor_id, arraySort(groupArrayIf(change, real)), now64(6)
from (
    select course_key, actor_id, change, true as real
    from changes
    union all
    -- every learner of the scope with an enrollment statement gets a row, none left or not
    select distinct course_key, actor_id,
        (toDateTime64(0, 6, 'UTC'), '', toInt64(0), toInt64(0), toInt64(0), toInt64(0),
            toInt64(0), toInt64(0)),
        false
    from enrollment_statements
)
group by course_key, actor_id
