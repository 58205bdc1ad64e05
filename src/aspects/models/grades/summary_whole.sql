-- Grain and METRICS.md rules: as models/grades/summary.sql, over the course's whole history
-- as of now (chosen by aspects.reports.run when no statement of the course is later than
-- as_of or without a learner): the roster's current enrollees (learner_roster) with their
-- course grade (the latest `earned` on the course) and pass state.
with current_grades as (
    select
        toUInt64(count()) as current_enrollees,
        toUInt64(countIf(grade is not null)) as graded,
        toUInt64(countIf(passed)) as passing,
        arraySort(groupArrayIf(toDecimal128(toString(assumeNotNull(grade)), 18), grade is not null))
            as sorted_grades
    from learner_roster final
    where course_key = {course_key:String}
        and enrolled and current
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
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
