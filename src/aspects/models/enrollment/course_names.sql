-- Grain: one row per course with an LMS overview (event_sink course_overviews, latest dump).
-- METRICS.md "Course structure": names come from the LMS data; without it they are missing.
with overviews as (
    select course_key, display_name
    from latest_course_overviews
),

final as (
    select course_key, display_name as name from overviews
)

select * from final
