-- Grain: one row per (course, learner) of the scope with >= 1 `registered` at or before as_of:
-- the learner's state as of as_of, from their statements (the roster's fields, without PII).
-- Scope: the courses {scope_courses}; every learner ({scope_all:Bool}) or the (course,
-- learner) {scope_pairs}; with {scope_late:Bool}, only learners whose learner_roster row
-- has a statement after as_of (the others' rows are exact as of it: models/learners/
-- roster_states.sql). The learner facts derive learner_roster with this SQL as of the end of
-- time (models/facts/roster.sql).
-- METRICS.md "Learner groups and individual learners":
-- - current / track / first and latest enrollment: "Enrollment" (latest by (timestamp, stored,
--   statement id); track from the latest `registered`).
-- - last_visit: the learner's latest visit (the `visits` view: navigation, video, problem or
--   forum statements; enrollment and grading statements are not visits).
-- - engaged: engaged beyond the course home page at any time (as of as_of): a page viewed (the
--   `page_views` view), >= 1 watched second of a video (a closed play segment with a positive
--   span, METRICS.md "Video": it covers floor(a) .. ceil(b) - 1, never empty), a submission
--   `evaluated`, or a forum `posted`.
-- - grade / passed: "Performance (grades)".
-- - sections_visited: section positions of the blocks the learner's visits name (structure).
-- - latest_at: their latest statement in the course at or before as_of.
with course_statements as (
    select
        course_key, actor_id, verb_id, object_type, enrollment_mode, score_scaled,
        grade_classification, emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
        and (not {scope_late:Bool} or (course_key, actor_id) in (
            select course_key, actor_id from learner_roster final
            where course_key in {scope_courses:Array(String)}
                and latest_at > {as_of:DateTime64(6, 'UTC')}))
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),
classified as (
    select
        course_key, actor_id, verb_id, enrollment_mode, score_scaled, emission_time,
        (emission_time, stored, statement_id) as latest_key,
        verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        ) as is_enrollment,
        -- Grades and pass states are the course's: ERB also sends `earned` for each
        -- subsection's grade, on the subsection (METRICS.md "Performance (grades)").
        object_type = 'http://adlnet.gov/expapi/activities/course' as on_course,
        verb_id = 'http://id.tincanapi.com/verb/earned' and score_scaled is not null
            and on_course as is_grade,
        -- 1 passed, 0 not passed, -1 says nothing about passing.
        multiIf(
            not on_course, -1,
            verb_id = 'http://adlnet.gov/expapi/verbs/passed', 1,
            verb_id = 'http://adlnet.gov/expapi/verbs/failed', 0,
            verb_id = 'http://id.tincanapi.com/verb/earned' and grade_classification != '',
            toInt8(lower(grade_classification) != 'fail'),
            -1
        ) as pass_state,
        verb_id in (
            'https://w3id.org/xapi/acrossx/verbs/evaluated',
            'https://w3id.org/xapi/acrossx/verbs/posted'
        ) as is_engaged
    from course_statements
),

learner_state as (
    select
        course_key, actor_id,
        argMaxIf(verb_id, latest_key, is_enrollment)
            = 'http://adlnet.gov/expapi/verbs/registered' as current,
        argMaxIf(
            enrollment_mode, latest_key, verb_id = 'http://adlnet.gov/expapi/verbs/registered'
        ) as track,
        minIf(emission_time, verb_id = 'http://adlnet.gov/expapi/verbs/registered')
            as first_enrolled_at,
        maxIf(emission_time, verb_id = 'http://adlnet.gov/expapi/verbs/registered')
            as enrolled_at,
        if(
            countIf(is_grade) = 0,
            null,
            argMaxIf(assumeNotNull(score_scaled), latest_key, is_grade)
        ) as grade,
        argMaxIf(pass_state, latest_key, pass_state >= 0) = 1 as passed,
        countIf(is_engaged) > 0 as submitted_or_posted,
        max(emission_time) as latest_at
    from classified
    group by course_key, actor_id
    having countIf(verb_id = 'http://adlnet.gov/expapi/verbs/registered') > 0
),

blocks as (
    select course_key, location as block_key, section
    from latest_course_blocks
    where course_key in {scope_courses:Array(String)}
),

learner_visits as (
    select
        visits.course_key as course_key, visits.actor_id as actor_id,
        max(visits.emission_time) as last_visit,
        arraySort(groupUniqArrayIf(blocks.section, blocks.section > 0)) as sections_visited
    from visits
    left join blocks
        on blocks.course_key = visits.course_key and blocks.block_key = visits.block_key
    where visits.course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (visits.actor_id in {scope_actors:Array(String)}
            and (visits.course_key, visits.actor_id) in {scope_pairs:Array(Tuple(String, String))}))
        and (not {scope_late:Bool} or (visits.course_key, visits.actor_id) in (
            select course_key, actor_id from learner_roster final
            where course_key in {scope_courses:Array(String)}
                and latest_at > {as_of:DateTime64(6, 'UTC')}))
        and visits.emission_time <= {as_of:DateTime64(6, 'UTC')}
    group by visits.course_key, visits.actor_id
),

viewers as (
    select distinct course_key, actor_id
    from page_views
    where course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
        and (not {scope_late:Bool} or (course_key, actor_id) in (
            select course_key, actor_id from learner_roster final
            where course_key in {scope_courses:Array(String)}
                and latest_at > {as_of:DateTime64(6, 'UTC')}))
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

-- Watched >= 1 second: a closed play segment (the video_segments view: positive spans only),
-- closed by as_of (its pairing never depends on later statements).
watchers as (
    select distinct course_key, actor_id
    from video_segments
    where course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
        and (not {scope_late:Bool} or (course_key, actor_id) in (
            select course_key, actor_id from learner_roster final
            where course_key in {scope_courses:Array(String)}
                and latest_at > {as_of:DateTime64(6, 'UTC')}))
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
),

final as (
    select
        learner_state.course_key as course_key,
        learner_state.actor_id as actor_id,
        current, track, first_enrolled_at, enrolled_at,
        if(learner_visits.actor_id = '', null, learner_visits.last_visit) as last_visit,
        grade, passed,
        submitted_or_posted
            or (learner_state.course_key, learner_state.actor_id) in (select * from viewers)
            or (learner_state.course_key, learner_state.actor_id) in (select * from watchers)
            as engaged,
        learner_visits.sections_visited as sections_visited,
        latest_at
    from learner_state
    left join learner_visits
        on learner_visits.course_key = learner_state.course_key
            and learner_visits.actor_id = learner_state.actor_id
)

select * from final
