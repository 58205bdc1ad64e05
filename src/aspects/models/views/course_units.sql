-- course_units: one row per unit (vertical) of each course's latest published structure,
-- with its section / subsection / unit positions (1-based; detached units left out). A unit
-- placed directly under a section, before its first subsection, has subsection 0 (the LMS
-- numbers blocks in course order): METRICS.md "Engagement" counts it as an item of its section.
select course_key, location as unit_key, section, subsection, unit
from latest_course_blocks
where block_type = 'vertical' and section > 0 and unit > 0
