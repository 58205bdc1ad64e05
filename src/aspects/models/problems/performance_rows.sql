-- Problem performance counts (METRICS.md "Content performance"), a subquery of
-- models/problems/performance.sql and performance_whole.sql, which define what it reads:
--   learners   one row per problem × part × learner with a submission in the period:
--              problem_id, part ('' for the whole problem), actor_id, submissions, correct,
--              incorrect, first_correct, latest_correct, attempts
-- Grain: one row per problem × part with submissions; aspects.reports.problems lays them out
-- by the course outline (every placed problem has its whole row, submissions or not).
select
    problem_id, part,
    toUInt64(count()) as learners_attempted,
    sum(submissions) as submissions,
    sum(correct) as correct,
    sum(incorrect) as incorrect,
    toUInt64(countIf(first_correct)) as first_correct,
    toUInt64(countIf(latest_correct)) as latest_correct,
    groupArray(attempts) as attempts
from learners
group by problem_id, part
