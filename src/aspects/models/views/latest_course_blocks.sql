-- The latest published structure of each course: the blocks of its latest dump only (a block
-- deleted from the course is absent from that dump, so it drops out), with the parsed columns.
select
    org, course_key, location, display_name, xblock_data_json, `order`, edited_on, dump_id,
    time_last_dumped, block_type, section, subsection, unit, graded, detached, completion_mode
from course_blocks final
where (course_key, dump_id) in (
    select course_key, argMax(dump_id, time_last_dumped)
    from course_blocks
    group by course_key
)
