-- Grain: one row per problem (part null: its whole-problem submissions) and per part of a
-- multi-part problem (the `…_<n>_1` objects of its child statements); problems of the latest
-- structure in course order, then other problems with submissions, by id (names missing).
-- METRICS.md "Content performance", over `evaluated` submissions only: learners who
-- attempted, submissions, how many are correct (result.success = true) / incorrect (= false);
-- learners correct on their first attempt (lowest attempt-id, else earliest; ties: earliest)
-- and on their latest submission; each learner's attempts = their highest attempt-id, else
-- their number of submissions (the report takes the mean and the median). Submissions count
-- when made in the local period [from, to) and at or before as_of.
-- The counts are those of models/problems/performance_rows.sql over what is defined here; the
-- rows are laid out by the course outline in aspects.reports.problems.
with
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
)

select * from {{problems/performance_rows}}
