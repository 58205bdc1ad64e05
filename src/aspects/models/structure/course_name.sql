-- Grain: at most one row, the display name of a course from its latest overview dump.
with latest as (
    select display_name
    from latest_course_overviews
    where course_key = {course_key:String}
),

final as (
    select display_name from latest
)

select * from final
limit 1
