-- Grain: one row per page (unit), video and problem of the course's latest structure, in course
-- order, with one learner's activity on it as of as_of.
-- METRICS.md "Learner groups and individual learners" (one learner): their pages / videos /
-- problems per section and subsection, their answers per problem. A page is viewed per
-- "Page viewed" (the `page_views` view); a problem's attempts are the highest attempt number of
-- their `evaluated` submissions, else how many there are ("Content performance"); correct and
-- score are those of their latest submission, by (timestamp, stored, statement id).
with structure as (
    select location as block_key, display_name, block_type, section, subsection, unit,
        `order` as position
    from latest_course_blocks
    where course_key = {course_key:String}
        and block_type in ('chapter', 'sequential', 'vertical', 'video', 'problem')
        and section > 0
),

viewed as (
    select distinct unit_key as block_key
    from page_views
    where course_key = {course_key:String}
        and actor_id = {actor_id:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

submissions as (
    select
        block_key,
        toUInt64(count()) as submissions,
        toUInt64(if(max(attempt) is null, count(), max(attempt))) as attempts,
        argMax(success, (emission_time, stored, toString(event_id))) as correct,
        argMax(score_scaled, (emission_time, stored, toString(event_id))) as score
    from statements
    where course_key = {course_key:String}
        and actor_id = {actor_id:String}
        and verb_id = 'https://w3id.org/xapi/acrossx/verbs/evaluated'
        and block_type = 'problem'
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
    group by block_key
),

final as (
    select
        structure.block_key as block_key, display_name, block_type, section, subsection, unit,
        position,
        structure.block_key in (select block_key from viewed) as viewed,
        coalesce(submissions.submissions, 0) as submissions,
        coalesce(submissions.attempts, 0) as attempts,
        submissions.correct as correct,
        submissions.score as score
    from structure
    left join submissions on submissions.block_key = structure.block_key
)

select * from final
order by position, block_key
settings join_use_nulls = 1
