-- Grain and METRICS.md rules: as models/enrollment/by_track.sql, over the course's whole
-- history as of now (chosen by aspects.reports.run when no statement of the course is later
-- than as_of or without a learner): the roster's current enrollees (learner_roster) by their
-- track, the mode of their latest `registered` ('' is `unknown`).
with current_learners as (
    select track as mode
    from learner_roster final
    where course_key = {course_key:String}
        and enrolled and current
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

final as (
    select if(mode = '', 'unknown', mode) as track, toUInt64(count()) as current_enrollees
    from current_learners
    group by track
)

select * from final
order by current_enrollees desc, track
