-- The latest published structure of each course: the blocks of its latest dump only (a block
-- deleted from the course is absent from that dump, so it drops out), with the parsed columns.
-- Kept per course as blocks are written (course_structure, schema 0010;
-- models/facts/structure.sql).
select
    org, course_key, location, display_name, xblock_data_json, `order`, edited_on, dump_id,
    time_last_dumped, block_type, section, subsection, unit, graded, detached, completion_mode
from course_structure final
where present
