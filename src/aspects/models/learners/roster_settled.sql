-- Grain: one row per learner of the course {course_key} enrolled (>= 1 `registered`) whose
-- latest statement there is at or before as_of, all ({scope_all:Bool}) or those of
-- {scope_pairs}: their learner_roster row (schema 0009), exact as of as_of. The roster as of
-- as_of is this when no learner of the course has a later statement
-- (aspects.groups.roster), else models/learners/roster_states.sql.
select
    actor_id, current, track, first_enrolled_at, enrolled_at, last_visit, grade, passed,
    engaged, sections_visited
from learner_roster final
where course_key = {course_key:String}
    and enrolled
    and latest_at <= {as_of:DateTime64(6, 'UTC')}
    and ({scope_all:Bool}
        or (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))})
