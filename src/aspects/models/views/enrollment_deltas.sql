-- enrollment_deltas: each transition as changes to track counts (METRICS.md "Enrollment"): one
-- row for the track entered (+1: new, re-enrolled or moved in) and one for the track left (−1:
-- unenrolled or moved out); rows that change nothing are left out. Summed per track over any
-- period they give the enrollment reports: current enrollees = Σ delta up to a time.
-- Columns: course_key, actor_id, emission_time, track, and the counts new, re_enrolled,
-- unenrolled, moved_in, moved_out, delta (Int64).
select
    course_key, actor_id, emission_time,
    change.1 as track, change.2 as new, change.3 as re_enrolled, change.4 as unenrolled,
    change.5 as moved_in, change.6 as moved_out, change.7 as delta
from enrollment_transitions
array join [
    (entered_track, toInt64(is_new), toInt64(is_re_enrolled), toInt64(0), toInt64(is_move),
        toInt64(0), toInt64(is_new or is_re_enrolled or is_move)),
    (left_track, toInt64(0), toInt64(0), toInt64(is_unenrolled), toInt64(0), toInt64(is_move),
        -toInt64(is_unenrolled or is_move))
] as change
where change.7 != 0
