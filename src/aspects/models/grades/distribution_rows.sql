-- Grade distribution rows (METRICS.md "Grade distribution"), a subquery of
-- models/grades/distribution.sql and distribution_whole.sql, which define what it reads:
--   learner_state   one row per learner: is_current (latest enrollment statement is
--                   `registered`), has_grade, grade (their course grade, 0-1)
-- Grain: one row per grade bucket that has current enrollees (bucket -1 = no grade yet):
-- floor(round(grade x 100, 2) / 10) x 10 with 100 % in the 90 bucket.
with
bucketed as (
    select
        if(
            has_grade,
            toInt64(least(greatest(floor(round(grade * 100, 2) / 10) * 10, 0), 90)),
            toInt64(-1)
        ) as bucket
    from learner_state
    where is_current
),

final as (
    select bucket, toUInt64(count()) as learners
    from bucketed
    group by bucket
)

select * from final
