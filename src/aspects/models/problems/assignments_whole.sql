-- Grain and METRICS.md rules: as models/problems/assignments.sql, over the course's whole
-- history as of now: chosen (aspects.reports.run) when the period starts at the beginning,
-- ends after as_of, and no statement of the course is later than as_of or without a learner,
-- so every submission counts. Reads each learner's whole-problem results (part '') from the
-- learner facts (learner_problem_results, models/facts/problem_results.sql).
-- The counts are those of models/problems/assignment_rows.sql over what is defined here; the
-- rows are laid out by the course outline in aspects.reports.problems.
with
problem_results as (
    select
        actor_id, problem_key as problem_id, toUInt64(submissions) as submissions,
        toUInt64(correct) as correct, toUInt64(incorrect) as incorrect,
        toUInt64(attempts) as attempts
    from learner_problem_results final
    where course_key = {course_key:String}
        and part = ''
        and submissions > 0
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
)

select * from {{problems/assignment_rows}}
