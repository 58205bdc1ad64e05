-- Grain: one row: whether a learner of the course has a statement after as_of (then the
-- roster as of as_of recomputes them: models/learners/roster_states.sql).
select count() > 0
from learner_roster final
where course_key = {course_key:String} and latest_at > {as_of:DateTime64(6, 'UTC')}
