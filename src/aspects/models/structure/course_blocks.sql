-- Grain: one row per block of a course's latest published structure, in course order.
-- Implements METRICS.md "Course structure": usage key, display name, type, graded, and the
-- section / subsection / unit positions the LMS sink computed while walking the course tree.
with latest as (
    select location, display_name, block_type, graded, detached, section, subsection, unit,
        `order`
    from latest_course_blocks
    where course_key = {course_key:String}
),

final as (
    select location as usage_key, display_name, block_type, graded, detached, section,
        subsection, unit, `order` as position_in_course
    from latest
)

select * from final
order by position_in_course, usage_key
