-- Grain: at most one row: the course {course_key}'s display name from its latest LMS overview
-- (event_sink course_overviews). METRICS.md "Course structure": without LMS data it is missing.
select display_name as name
from latest_course_overviews
where course_key = {course_key:String} and display_name != ''
