-- course_units: one row per unit (vertical) of each course's latest published structure,
-- with its section / subsection / unit positions (1-based; detached units left out).
select course_key, location as unit_key, section, subsection, unit
from latest_course_blocks
where block_type = 'vertical' and section > 0 and subsection > 0 and unit > 0
