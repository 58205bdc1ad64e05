-- Grain: one row per assignment (graded subsection of the latest structure), in course order.
-- METRICS.md "Content performance": learners who attempted the assignment (≥1 `evaluated`
-- submission to a problem in it); submissions to all its problems (whole-problem statements:
-- a multi-part problem's part statements would count one submission several times) and how
-- many are correct (result.success = true) / incorrect (= false); attempts = the mean over
-- learner × problem of the learner's highest attempt-id, else their number of submissions.
-- Submissions count when made in the local period [from, to) and at or before as_of.
-- The counts are those of models/problems/assignment_rows.sql over what is defined here; the
-- rows are laid out by the course outline in aspects.reports.problems.
with
submissions as (
    select actor_id, block_key as problem_id, success, attempt
    from statements
    where course_key = {course_key:String}
        and verb_id = 'https://w3id.org/xapi/acrossx/verbs/evaluated'
        and block_type = 'problem'
        and extract(object_id, '(?:ccx-)?block-v1:[^/?#\\s]+') = block_key
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and toDate(emission_time, {tz:String}) >= {from:Date}
        and toDate(emission_time, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

problem_results as (
    select
        actor_id, problem_id,
        toUInt64(count()) as submissions,
        toUInt64(countIf(success = true)) as correct,
        toUInt64(countIf(success = false)) as incorrect,
        if(countIf(attempt is not null) > 0, toUInt64(max(attempt)), toUInt64(count()))
            as attempts
    from submissions
    group by actor_id, problem_id
)

select * from {{problems/assignment_rows}}
