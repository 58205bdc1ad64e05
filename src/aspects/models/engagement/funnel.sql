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
with
blocks as (
    select location, display_name, block_type, section, subsection, unit, `order`
    from latest_course_blocks
    where course_key = {course_key:String} and section > 0 and not detached
),

levels as (
    select
        if(block_type = 'chapter', 'section', 'subsection') as level,
        location as block_id, display_name as name, section,
        if(block_type = 'chapter', 0, subsection) as sub, `order`
    from blocks
    where (block_type = 'chapter' and subsection = 0)
        or (block_type = 'sequential' and subsection > 0)
),

items as (
    select location as item_key, section, subsection
    from blocks
    where multiIf(
        {kind:String} = 'pages', block_type = 'vertical' and unit > 0,
        {kind:String} = 'videos', block_type = 'video',
        block_type = 'problem'
    )
),

-- Each item counts in its section (sub 0) and, when it has one, in its subsection.
item_levels as (
    select item_key, section, arrayJoin(arrayDistinct([0, subsection])) as sub
    from items
),

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
    select distinct actor_id, item_key
    from in_period
),

current_enrollees as (
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
),

-- Computed once (a scalar), read twice: a CTE named twice is computed twice.
(select groupArray(actor_id) from current_enrollees) as current_ids,

learner_levels as (
    select engaged.actor_id as actor_id, item_levels.section as section,
        item_levels.sub as sub, toUInt64(count()) as engaged_items
    from engaged
    inner join item_levels on engaged.item_key = item_levels.item_key
    group by actor_id, section, sub
),

level_items as (
    select section, sub, toUInt64(count()) as items
    from item_levels
    group by section, sub
),

level_learners as (
    select
        learner_levels.section as section, learner_levels.sub as sub,
        toUInt64(count()) as at_least_one,
        toUInt64(countIf(learner_levels.engaged_items = level_items.items)) as all_items,
        toUInt64(countIf(learner_levels.actor_id in (select arrayJoin(current_ids))))
            as current_engaged
    from learner_levels
    inner join level_items
        on learner_levels.section = level_items.section and learner_levels.sub = level_items.sub
    group by section, sub
),

final as (
    select
        levels.level as level, levels.block_id as block_id, levels.name as name,
        if(levels.level = 'section', levels.section, levels.sub) as position,
        levels.section as section_position,
        toUInt64(level_items.items) as items,
        toUInt64(level_learners.at_least_one) as at_least_one,
        toUInt64(level_learners.all_items) as all_items,
        length(current_ids) - level_learners.current_engaged as none_yet,
        levels.sub as sub, levels.`order` as course_order
    from levels
    left join level_items on levels.section = level_items.section and levels.sub = level_items.sub
    left join level_learners
        on levels.section = level_learners.section and levels.sub = level_learners.sub
)

select level, block_id, name, position, section_position, items, at_least_one, all_items,
    none_yet
from final
order by section_position, sub, course_order
