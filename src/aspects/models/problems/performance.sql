-- Grain: one row per problem (part null: its whole-problem submissions) and per part of a
-- multi-part problem (the `…_<n>_1` objects of its child statements); problems of the latest
-- structure in course order, then other problems with submissions, by id (names missing).
-- METRICS.md "Content performance", over `evaluated` submissions only: learners who
-- attempted, submissions, how many are correct (result.success = true) / incorrect (= false);
-- learners correct on their first attempt (lowest attempt-id, else earliest; ties: earliest)
-- and on their latest submission; each learner's attempts = their highest attempt-id, else
-- their number of submissions (the report takes the mean and the median). Submissions count
-- when made in the local period [from, to) and at or before as_of.
with
placed as (
    select location as problem_id, display_name as name, graded, section, subsection, `order`
    from latest_course_blocks
    where course_key = {course_key:String} and block_type = 'problem' and section > 0
        and not detached
),

submissions as (
    select
        actor_id, block_key as problem_id,
        extract(object_id, '(?:ccx-)?block-v1:[^/?#\\s]+') as usage_key,
        if(usage_key != block_key, substring(usage_key, length(block_key) + 2), '') as part,
        success, attempt, (emission_time, stored, toString(event_id)) as time_key
    from statements
    where course_key = {course_key:String}
        and verb_id = 'https://w3id.org/xapi/acrossx/verbs/evaluated'
        and block_type = 'problem'
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and toDate(emission_time, {tz:String}) >= {from:Date}
        and toDate(emission_time, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

learners as (
    select
        problem_id, part, actor_id,
        toUInt64(count()) as submissions,
        toUInt64(countIf(success = true)) as correct,
        toUInt64(countIf(success = false)) as incorrect,
        argMin(coalesce(success, false), (attempt is null, attempt, time_key)) as first_correct,
        argMax(coalesce(success, false), time_key) as latest_correct,
        if(countIf(attempt is not null) > 0, toUInt64(max(attempt)), toUInt64(count()))
            as attempts
    from submissions
    group by problem_id, part, actor_id
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
    learners_attempted, submissions, correct, incorrect, first_correct, latest_correct, attempts
from final
order by unplaced, course_order, problem_id, length(part_key), part_key
settings join_use_nulls = 1
