-- enrollment_transitions: one row per enrollment statement (`registered` / `unregistered`)
-- with what it changed (METRICS.md "Enrollment"), read by the course enrollment reports and
-- the operator's instance-wide one. Each (course, learner)'s enrollment statements are replayed
-- in (timestamp, stored, statement id) order, whatever requests they arrived in.
-- Columns:
--   course_key, actor_id, emission_time   the statement
--   entered_track   the track of a `registered` ('unknown' when it names none), '' otherwise
--   left_track      the track the learner was in before it ('' when not enrolled)
--   is_new          the learner's first ever `registered` in the course
--   is_re_enrolled  `registered` while not enrolled, after an earlier one
--   is_unenrolled   `unregistered` while enrolled (out of left_track)
--   is_move         `registered` while enrolled with another mode (left_track → entered_track)
-- Each row depends only on the statements before it, so callers may filter by course,
-- learner and emission_time (as_of) after the replay and get the numbers as they stood then.
with
enrollment_statements as (
    select
        course_key, actor_id,
        verb_id = 'http://adlnet.gov/expapi/verbs/registered' as is_registered,
        if(is_registered, if(enrollment_mode = '', 'unknown', enrollment_mode), '') as track,
        emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key != ''
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
),

replayed as (
    select
        course_key, actor_id, emission_time, is_registered, track,
        lagInFrame(is_registered, 1, false) over enrollment as was_enrolled,
        lagInFrame(track, 1, '') over enrollment as track_before,
        sum(toUInt64(is_registered)) over enrollment - is_registered as registrations_before
    from enrollment_statements
    window enrollment as (
        partition by course_key, actor_id order by emission_time, stored, statement_id
        rows between unbounded preceding and current row
    )
)

select
    course_key, actor_id, emission_time,
    track as entered_track, track_before as left_track,
    is_registered and registrations_before = 0 as is_new,
    is_registered and not was_enrolled and registrations_before > 0 as is_re_enrolled,
    not is_registered and was_enrolled as is_unenrolled,
    is_registered and was_enrolled and track != track_before as is_move
from replayed
