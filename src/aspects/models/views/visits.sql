-- visits: one row per statement that counts as a visit (METRICS.md "Engagement": navigation,
-- video, problem or forum statements; enrollment and grading statements are not visits).
-- Columns:
--   course_key, actor_id     the course and the learner
--   kind                     'navigation' | 'video' | 'problem' | 'forum'
--   verb_id, block_key, block_type, object_id, object_type   as in `statements`
--   emission_time, stored, event_id                          the statement's time and id
-- Not visits: LMS-computed statements, i.e. `progressed` (completion), `earned` (grades) and
-- the server's `attempted` on a `question` object (edx.grades.problem.submitted).
select
    course_key, actor_id,
    multiIf(
        verb_id = 'https://w3id.org/xapi/dod-isd/verbs/navigated', 'navigation',
        object_type = 'http://id.tincanapi.com/activitytype/discussion', 'forum',
        block_type = 'video', 'video',
        'problem'
    ) as kind,
    verb_id, block_key, block_type, object_id, object_type, emission_time, stored, event_id
from statements
where course_key != ''
    and actor_id != ''
    and (
        verb_id = 'https://w3id.org/xapi/dod-isd/verbs/navigated'
        or object_type = 'http://id.tincanapi.com/activitytype/discussion'
        or (
            block_type = 'video'
            and verb_id not in (
                'http://adlnet.gov/expapi/verbs/progressed',
                'http://id.tincanapi.com/verb/earned'
            )
        )
        or (
            block_type = 'problem'
            and (
                verb_id in (
                    'https://w3id.org/xapi/acrossx/verbs/evaluated',
                    'http://adlnet.gov/expapi/verbs/asked'
                )
                or (
                    verb_id = 'http://adlnet.gov/expapi/verbs/attempted'
                    and object_type != 'http://adlnet.gov/expapi/activities/question'
                )
            )
        )
    )
