-- Grain: one row per block placed in the course's latest published structure (a section
-- number > 0, not detached), in course order: what the reports that lay rows out per section,
-- subsection, video or problem (aspects.reports.outline) read once, before their query.
select location, display_name, block_type, section, subsection, unit, `order`, graded
from latest_course_blocks
where course_key = {course_key:String} and section > 0 and not detached
order by `order`, location
