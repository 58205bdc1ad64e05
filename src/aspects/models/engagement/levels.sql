-- The engagement funnel's rows (METRICS.md "Engagement", per section and per subsection), a
-- subquery of models/engagement/funnel.sql and funnel_whole.sql, which define what it reads:
--   engaged       one row per (actor_id, item_key): a learner and an item they engaged with
--                 (viewed, watched, attempted) in the period
--   current_ids   the current enrollees' ids (an array: computed once)
-- Grain: one row per section and per subsection of the course's latest structure, with `sub`
-- (0 for a section) and `course_order` to sort by; {kind:String} picks the items.
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
    none_yet, sub, course_order
from final
