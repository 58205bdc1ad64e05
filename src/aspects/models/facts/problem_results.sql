-- Grain: one row per course × learner × problem × part of the scope: the courses
-- {scope_courses}, every learner of them ({scope_all:Bool}: a rebuild) or the (course,
-- learner) {scope_pairs} a committed batch touched (their learners {scope_actors} too); the
-- rows of learner_problem_results (schema 0012), inserted, `derived` = now (the latest wins).
-- METRICS.md "Content performance", over `evaluated` submissions that are not voided (xAPI
-- 1.0.3 Part 2 §2.3.2), as models/problems/performance.sql computes per learner: submissions,
-- how many are correct (result.success = true) / incorrect (= false); correct on their first
-- attempt (lowest attempt-id, else earliest; ties: earliest) and on their latest submission
-- (by timestamp, stored, statement id); attempts = their highest attempt-id, else their number
-- of submissions. The part: what the submission's usage key adds to the problem's (a child
-- statement of a multi-part problem), '' for the problem's own.
-- Every key with a submission, voided or not, gets a row (submissions 0 when none is left): a
-- voiding can never leave an older row standing.
insert into learner_problem_results
    (course_key, problem_key, part, actor_id, submissions, correct, incorrect, first_correct,
    latest_correct, attempts, derived)
with
submissions as (
    select
        course_key, actor_id, block_key as problem_key,
        extract(object_id, '(?:ccx-)?block-v1:[^/?#\\s]+') as usage_key,
        if(usage_key != block_key, substring(usage_key, length(block_key) + 2), '') as part,
        success, attempt, (emission_time, stored, toString(event_id)) as time_key,
        event_id in {{lrs/voided_ids}} as voided
    from xapi_events_all
    where verb_id = 'https://w3id.org/xapi/acrossx/verbs/evaluated'
        and block_type = 'problem'
        and course_key != '' and actor_id != ''
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
)

select
    course_key, problem_key, part, actor_id,
    toUInt32(countIf(not voided)) as submissions,
    toUInt32(countIf(not voided and success = true)) as correct,
    toUInt32(countIf(not voided and success = false)) as incorrect,
    argMinIf(coalesce(success, false), (attempt is null, attempt, time_key), not voided),
    argMaxIf(coalesce(success, false), time_key, not voided),
    if(
        countIf(not voided and attempt is not null) > 0,
        toUInt32(maxIf(attempt, not voided)),
        toUInt32(countIf(not voided))
    ),
    now64(6)
from submissions
group by course_key, problem_key, part, actor_id
