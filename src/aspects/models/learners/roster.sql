-- Grain: one row per learner ever enrolled in the course (>= 1 `registered` at or before as_of),
-- all of them or only those the learners parameter names (a row reads only its learner's rows).
-- METRICS.md "Learner groups and individual learners": each learner's state as of as_of, the
-- fields the group filters read (aspects.groups.rules) and the group table shows.
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
-- PII (user_id, username, name, email) comes from the LMS tables when loaded; aspects.groups
-- blanks it for viewers without PII permission.
with course_statements as (
    select
        actor_id, verb_id, object_type, enrollment_mode, score_scaled, grade_classification,
        emission_time, stored, toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
        and (
            verb_id in (
                'http://adlnet.gov/expapi/verbs/registered',
                'http://id.tincanapi.com/verb/unregistered',
                'https://w3id.org/xapi/acrossx/verbs/evaluated',
                'https://w3id.org/xapi/acrossx/verbs/posted'
            )
            or (
                verb_id in (
                    'http://id.tincanapi.com/verb/earned',
                    'http://adlnet.gov/expapi/verbs/passed',
                    'http://adlnet.gov/expapi/verbs/failed'
                )
                and object_type = 'http://adlnet.gov/expapi/activities/course'
            )
        )
),

classified as (
    select
        actor_id, verb_id, enrollment_mode, score_scaled, emission_time,
        (emission_time, stored, statement_id) as latest_key,
        verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        ) as is_enrollment,
        verb_id = 'http://id.tincanapi.com/verb/earned' and score_scaled is not null as is_grade,
        -- 1 passed, 0 not passed, -1 says nothing about passing.
        multiIf(
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
        actor_id,
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
        countIf(is_engaged) > 0 as submitted_or_posted
    from classified
    group by actor_id
    having countIf(verb_id = 'http://adlnet.gov/expapi/verbs/registered') > 0
),

blocks as (
    select location as block_key, section
    from latest_course_blocks
    where course_key = {course_key:String}
),

learner_visits as (
    select
        visits.actor_id as actor_id, max(visits.emission_time) as last_visit,
        arraySort(groupUniqArrayIf(blocks.section, blocks.section > 0)) as sections_visited
    from visits
    left join blocks on blocks.block_key = visits.block_key
    where visits.course_key = {course_key:String}
        and visits.emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or visits.actor_id in {learners:Array(String)})
    group by visits.actor_id
),

viewers as (
    select distinct actor_id
    from page_views
    where course_key = {course_key:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

-- Watched >= 1 second: a closed play segment (the video_segments view: positive spans only),
-- closed by as_of (its pairing never depends on later statements).
watchers as (
    select distinct actor_id
    from video_segments
    where course_key = {course_key:String}
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

identities as (
    select
        toString(external_user_id) as actor_id, toNullable(user_id) as user_id,
        toNullable(username) as username
    from latest_external_id
),

profiles as (
    select toNullable(user_id) as user_id, name, email
    from latest_user_profile
),

final as (
    select
        learner_state.actor_id as anonymous_id,
        identities.user_id as user_id,
        coalesce(identities.username, '') as username,
        coalesce(toNullable(profiles.name), '') as name,
        coalesce(toNullable(profiles.email), '') as email,
        track, first_enrolled_at, enrolled_at,
        if(learner_visits.actor_id = '', null, learner_visits.last_visit) as last_visit,
        grade, passed, current,
        submitted_or_posted
            or learner_state.actor_id in (select actor_id from viewers)
            or learner_state.actor_id in (select actor_id from watchers) as engaged,
        learner_visits.sections_visited as sections_visited
    from learner_state
    left join learner_visits on learner_visits.actor_id = learner_state.actor_id
    left join identities on identities.actor_id = learner_state.actor_id
    left join profiles on profiles.user_id = identities.user_id
)

select * from final
order by anonymous_id
