-- Grain: one row per assignment (graded subsection of the latest structure), in course order.
-- METRICS.md "Content performance": learners who attempted the assignment (≥1 `evaluated`
-- submission to a problem in it); submissions to all its problems (whole-problem statements:
-- a multi-part problem's part statements would count one submission several times) and how
-- many are correct (result.success = true) / incorrect (= false); attempts = the mean over
-- learner × problem of the learner's highest attempt-id, else their number of submissions.
-- Submissions count when made in the local period [from, to) and at or before as_of.
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

learner_problems as (
    select
        problems.section as section, problems.subsection as subsection,
        submissions.actor_id as actor_id, submissions.problem_id as problem_id,
        toUInt64(count()) as submissions,
        toUInt64(countIf(submissions.success = true)) as correct,
        toUInt64(countIf(submissions.success = false)) as incorrect,
        if(
            countIf(submissions.attempt is not null) > 0,
            toUInt64(max(submissions.attempt)),
            toUInt64(count())
        ) as attempts
    from submissions
    inner join problems on submissions.problem_id = problems.problem_id
    group by section, subsection, actor_id, problem_id
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
    learner_problems
from final
order by course_order, block_id
