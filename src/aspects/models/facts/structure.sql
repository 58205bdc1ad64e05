-- Grain: one row per block of the courses {scope_courses} (course_structure, schema 0010):
-- the blocks of each course's latest dump of `course_blocks` (the greatest time_last_dumped;
-- a block deleted from the course is absent from that dump), with the parsed columns; a
-- block of an older structure the latest dump lacks gets `present` false. Inserted with
-- `derived` = now (the latest row wins). {scope_all:Bool}, {scope_actors} and {scope_pairs}
-- (the learner facts' scope) do not apply: a structure is the course's.
insert into course_structure
    (org, course_key, location, display_name, xblock_data_json, `order`, edited_on, dump_id,
    time_last_dumped, block_type, section, subsection, unit, graded, detached,
    completion_mode, present, derived)
with
latest_dumps as (
    select course_key, argMax(dump_id, time_last_dumped) as dump_id
    from course_blocks
    where course_key in {scope_courses:Array(String)}
    group by course_key
),

fresh as (
    select
        org, course_key, location, display_name, xblock_data_json, `order`, edited_on, dump_id,
        time_last_dumped, block_type, section, subsection, unit, graded, detached,
        completion_mode, true as present
    from course_blocks final
    where course_key in {scope_courses:Array(String)}
        and (course_key, dump_id) in (select course_key, dump_id from latest_dumps)
),

gone as (
    select
        org, course_key, location, display_name, xblock_data_json, `order`, edited_on, dump_id,
        time_last_dumped, block_type, section, subsection, unit, graded, detached,
        completion_mode, false as still_present
    from course_structure final
    -- `still_present`, not `present`: an alias would shadow the column in this filter.
    where course_key in {scope_courses:Array(String)}
        and present
        and (course_key, location) not in (select course_key, location from fresh)
)

select *, now64(6) from fresh
union all
select *, now64(6) from gone
