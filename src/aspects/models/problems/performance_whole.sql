-- Grain and METRICS.md rules: as models/problems/performance.sql, over the course's whole
-- history as of now: chosen (aspects.reports.run) when the period starts at the beginning,
-- ends after as_of, and no statement of the course is later than as_of or without a learner,
-- so every submission counts. Reads each learner's results per problem and part from the
-- learner facts (learner_problem_results, models/facts/problem_results.sql).
-- The counts are those of models/problems/performance_rows.sql over what is defined here; the
-- rows are laid out by the course outline in aspects.reports.problems.
with
learners as (
    select
        problem_key as problem_id, part, actor_id, toUInt64(submissions) as submissions,
        toUInt64(correct) as correct, toUInt64(incorrect) as incorrect, first_correct,
        latest_correct, toUInt64(attempts) as attempts
    from learner_problem_results final
    where course_key = {course_key:String}
        and submissions > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
)

select * from {{problems/performance_rows}}
