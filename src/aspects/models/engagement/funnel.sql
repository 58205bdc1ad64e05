-- Grain: one row per section and per subsection of the course's latest structure, in course
-- order (a section, then its subsections), for one kind of item: {kind} = 'pages' (units),
-- 'videos' or 'problems'.
-- METRICS.md "Engagement", per section and per subsection: items = the items of that kind
-- positioned in it (a section's include those placed directly under it, subsection 0: units,
-- videos and problems alike); at_least_one / all = learners who viewed (page_views) / watched
-- ≥1 second of (video_segments) / had ≥1 submission evaluated on (`evaluated`) at least one /
-- every item of it, enrolled now or not;
-- none_yet = current enrollees (latest enrollment statement is `registered`) with none.
-- Activity counts when it happened in the local period [from, to) and at or before as_of
-- (a video segment by its `played`, once closed by as_of); enrollment as it stood at the end.
-- The counts are those of models/engagement/learner_levels.sql over what is defined here; the
-- rows, one per level of the outline, are laid out by aspects.reports.engagement.
with
in_period as (
    select actor_id, unit_key as item_key
    from page_views
    where {kind:String} = 'pages'
        and course_key = {course_key:String}
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and toDate(emission_time, {tz:String}) >= {from:Date}
        and toDate(emission_time, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    union all
    select actor_id, video_key as item_key
    from video_segments
    where {kind:String} = 'videos'
        and course_key = {course_key:String}
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
        and toDate(opened_at, {tz:String}) >= {from:Date}
        and toDate(opened_at, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    union all
    select actor_id, block_key as item_key
    from statements
    where {kind:String} = 'problems'
        and course_key = {course_key:String}
        and verb_id = 'https://w3id.org/xapi/acrossx/verbs/evaluated'
        and block_type = 'problem'
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and toDate(emission_time, {tz:String}) >= {from:Date}
        and toDate(emission_time, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

engaged as (
    select actor_id, item_key
    from in_period
),

current as (
    select actor_id
    from statements
    where course_key = {course_key:String}
        and verb_id in (
            'http://adlnet.gov/expapi/verbs/registered',
            'http://id.tincanapi.com/verb/unregistered'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and toDate(emission_time, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    group by actor_id
    having argMax(verb_id, (emission_time, stored, toString(event_id)))
        = 'http://adlnet.gov/expapi/verbs/registered'
)

select * from {{engagement/learner_levels}}
