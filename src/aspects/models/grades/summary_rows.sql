-- Grades summary rows (METRICS.md "Performance (grades)"), a subquery of
-- models/grades/summary.sql and summary_whole.sql, which define what it reads:
--   learner_state   one row per learner: is_current (latest enrollment statement is
--                   `registered`), has_grade, grade (their course grade, 0-1), passed
-- Grain: one row per course. Counts are over current enrollees; mean and median over the
-- graded ones. Grades become exact decimals (from their shortest text form) so the mean does
-- not depend on summation order.
with
current_grades as (
    select
        toUInt64(count()) as current_enrollees,
        toUInt64(countIf(has_grade)) as graded,
        toUInt64(countIf(passed)) as passing,
        arraySort(groupArrayIf(toDecimal128(toString(grade), 18), has_grade)) as sorted_grades
    from learner_state
    where is_current
),

final as (
    select
        current_enrollees, graded, passing,
        if(graded = 0, null, arraySum(sorted_grades) / graded) as mean_grade,
        if(
            graded = 0,
            null,
            (sorted_grades[intDiv(graded + 1, 2)] + sorted_grades[intDiv(graded, 2) + 1]) / 2
        ) as median_grade
    from current_grades
)

select * from final
