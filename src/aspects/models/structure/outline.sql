-- Grain: one row per block placed in the course's latest published structure (a section
-- number > 0, not detached), in course order: what the reports that lay rows out per section,
-- subsection, video or problem (aspects.reports.outline) read once, before their query. Read
-- from course_structure (the latest_course_blocks view's table: its rows still present), not
-- through the view (3 ms less at 10 M).
select location, display_name, block_type, section, subsection, unit, `order`, graded
from course_structure final
where course_key = {course_key:String} and present and section > 0 and not detached
order by `order`, location
