-- Assignment performance counts (METRICS.md "Content performance"), a subquery of
-- models/problems/assignments.sql and assignments_whole.sql, which define what it reads:
--   problem_results   one row per learner × problem with a whole-problem submission in the
--                     period: actor_id, problem_id, submissions, correct, incorrect, attempts
-- and the course outline's problems in a subsection, bound by aspects.reports.problems:
-- {item_keys} with {item_ids} 1…n, {item_levels} the assignments (1…, graded subsections)
-- each is in.
-- Grain: one row per assignment with submissions (`assignment`, its 1-based index); the
-- others are laid out by aspects.reports.problems.
select
    assignment,
    toUInt64(uniqExact(actor_id)) as learners_attempted,
    sum(submissions) as submissions,
    sum(correct) as correct,
    sum(incorrect) as incorrect,
    sum(attempts) as attempts_sum,
    toUInt64(count()) as learner_problems
from problem_results
array join {item_levels:Array(Array(UInt32))}[
    transform(problem_id, {item_keys:Array(String)}, {item_ids:Array(UInt32)}, 0)
] as assignment
group by assignment
