-- The current enrollees of {course_key:String} as of now (the roster: latest enrollment
-- `registered`), read as the `current` CTE of the engagement funnels' whole-history models.
select actor_id
from learner_roster final
where course_key = {course_key:String} and enrolled and current
    and ({all_learners:Bool} or actor_id in {learners:Array(String)})
