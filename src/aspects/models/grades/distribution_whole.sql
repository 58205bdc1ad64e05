-- Grain and METRICS.md rules: as models/grades/distribution.sql, over the course's whole
-- history as of now (chosen by aspects.reports.run when no statement of the course is later
-- than as_of or without a learner): the roster's current enrollees (learner_roster) by their
-- course grade's bucket (the latest `earned` on the course; -1: no grade yet).
with bucketed as (
    select
        if(
            grade is not null,
            toInt64(least(greatest(floor(round(assumeNotNull(grade) * 100, 2) / 10) * 10, 0), 90)),
            toInt64(-1)
        ) as bucket
    from learner_roster final
    where course_key = {course_key:String}
        and enrolled and current
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

final as (
    select bucket, toUInt64(count()) as learners
    from bucketed
    group by bucket
)

select * from final
order by bucket
