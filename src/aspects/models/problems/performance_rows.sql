-- Problem performance rows (METRICS.md "Content performance"), a subquery of
-- models/problems/performance.sql and performance_whole.sql, which define what it reads:
--   learners   one row per problem × part × learner with a submission in the period:
--              problem_id, part ('' for the whole problem), actor_id, submissions, correct,
--              incorrect, first_correct, latest_correct, attempts
-- Grain: one row per problem of the latest structure (whole, part null) and per part with
-- submissions, then problems with submissions that the structure does not place; with
-- `unplaced`, `course_order` and `part_key` to sort by.
with
placed as (
    select location as problem_id, display_name as name, graded, section, subsection, `order`
    from latest_course_blocks
    where course_key = {course_key:String} and block_type = 'problem' and section > 0
        and not detached
),

per_problem as (
    select
        problem_id, part,
        toUInt64(count()) as learners_attempted,
        sum(submissions) as submissions,
        sum(correct) as correct,
        sum(incorrect) as incorrect,
        toUInt64(countIf(first_correct)) as first_correct,
        toUInt64(countIf(latest_correct)) as latest_correct,
        arraySort(groupArray(attempts)) as attempts
    from learners
    group by problem_id, part
),

-- Every placed problem has its whole row, submissions or not. One full join, so the
-- submissions are grouped once (a CTE named twice is computed twice).
keyed as (
    select
        coalesce(per_problem.problem_id, whole.problem_id) as problem_id,
        coalesce(per_problem.part, '') as part_key,
        coalesce(per_problem.learners_attempted, 0) as learners_attempted,
        coalesce(per_problem.submissions, 0) as submissions,
        coalesce(per_problem.correct, 0) as correct,
        coalesce(per_problem.incorrect, 0) as incorrect,
        coalesce(per_problem.first_correct, 0) as first_correct,
        coalesce(per_problem.latest_correct, 0) as latest_correct,
        coalesce(per_problem.attempts, []) as attempts
    from per_problem
    full outer join (select problem_id, '' as part from placed) as whole
        on per_problem.problem_id = whole.problem_id and per_problem.part = whole.part
),

final as (
    select
        keyed.problem_id as problem_id, nullIf(keyed.part_key, '') as part, placed.name as name,
        placed.graded as graded, placed.section as section_position,
        nullIf(placed.subsection, 0) as subsection_position,
        learners_attempted, submissions, correct, incorrect, first_correct, latest_correct,
        attempts, placed.problem_id is null as unplaced, placed.`order` as course_order,
        keyed.part_key as part_key
    from keyed
    left join placed on keyed.problem_id = placed.problem_id
)

select problem_id, part, name, graded, section_position, subsection_position,
    learners_attempted, submissions, correct, incorrect, first_correct, latest_correct, attempts,
    unplaced, course_order, part_key
from final
