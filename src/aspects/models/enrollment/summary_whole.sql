-- Grain and METRICS.md rules: as models/enrollment/summary.sql, over the course's whole
-- history as of now (chosen by aspects.reports.run when no statement of the course is later
-- than as_of or without a learner): the roster (learner_roster, the learner facts) holds every
-- learner with >= 1 `registered` and whether their latest enrollment statement is one.
select
    toUInt64(count()) as total_enrollees,
    toUInt64(countIf(current)) as current_enrollees
from learner_roster final
where course_key = {course_key:String}
    and enrolled
    and ({all_learners:Bool} or actor_id in {learners:Array(String)})
