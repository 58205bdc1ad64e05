-- Grain: one row: the course {course_key:String}'s span (course_span, schema 0011): whether
-- it has statements, the earliest and latest timestamps, how many have no learner.
select count() > 0 as known, min(earliest_at) as earliest_at, max(latest_at) as latest_at,
    sum(anonymous) as anonymous
from course_span
where course_key = {course_key:String}
