-- Assignment performance rows (METRICS.md "Content performance"), a subquery of
-- models/problems/assignments.sql and assignments_whole.sql, which define what it reads:
--   problem_results   one row per learner × problem with a whole-problem submission in the
--                     period: actor_id, problem_id, submissions, correct, incorrect, attempts
-- Grain: one row per assignment (graded subsection of the latest structure), with
-- `course_order` to sort by.
with
assignments as (
    select location as block_id, display_name as name, section, subsection, `order`
    from latest_course_blocks
    where course_key = {course_key:String} and block_type = 'sequential' and graded
        and section > 0 and subsection > 0 and not detached
),

problems as (
    select location as problem_id, section, subsection
    from latest_course_blocks
    where course_key = {course_key:String} and block_type = 'problem' and subsection > 0
        and not detached
),

learner_problems as (
    select
        problems.section as section, problems.subsection as subsection,
        problem_results.actor_id as actor_id, problem_results.problem_id as problem_id,
        problem_results.submissions as submissions, problem_results.correct as correct,
        problem_results.incorrect as incorrect, problem_results.attempts as attempts
    from problem_results
    inner join problems on problem_results.problem_id = problems.problem_id
),

per_assignment as (
    select
        section, subsection,
        toUInt64(uniqExact(actor_id)) as learners_attempted,
        sum(submissions) as submissions,
        sum(correct) as correct,
        sum(incorrect) as incorrect,
        sum(attempts) as attempts_sum,
        toUInt64(count()) as learner_problems
    from learner_problems
    group by section, subsection
),

final as (
    select
        assignments.block_id as block_id, assignments.name as name,
        per_assignment.learners_attempted as learners_attempted,
        per_assignment.submissions as submissions,
        per_assignment.correct as correct, per_assignment.incorrect as incorrect,
        per_assignment.attempts_sum as attempts_sum,
        per_assignment.learner_problems as learner_problems,
        assignments.`order` as course_order
    from assignments
    left join per_assignment
        on assignments.section = per_assignment.section
            and assignments.subsection = per_assignment.subsection
)

select block_id, name, learners_attempted, submissions, correct, incorrect, attempts_sum,
    learner_problems, course_order
from final
