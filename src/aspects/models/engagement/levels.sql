-- The engagement funnel's rows (METRICS.md "Engagement", per section and per subsection), a
-- subquery of models/engagement/funnel.sql and funnel_whole.sql, which define what it reads:
--   engaged       one row per (actor_id, item_key): a learner and an item they engaged with
--                 (viewed, watched, attempted) in the period
--   current_ids   the current enrollees' ids (an array: computed once)
-- Grain: one row per section and per subsection of the course's latest structure, with `sub`
-- (0 for a section) and `course_order` to sort by; {kind:String} picks the items.
with
-- The course's placed blocks, read once (a scalar: however often the CTEs below read it):
-- (location, display_name, block_type, section, subsection, unit, order).
(
    select groupArray(tuple(location, display_name, block_type, section, subsection, unit, `order`))
    from latest_course_blocks
    where course_key = {course_key:String} and section > 0 and not detached
) as blocks,

levels as (
    select
        if(b.3 = 'chapter', 'section', 'subsection') as level, b.1 as block_id, b.2 as name,
        b.4 as section, if(b.3 = 'chapter', 0, b.5) as sub, b.7 as course_order
    from (select arrayJoin(blocks) as b)
    where (b.3 = 'chapter' and b.5 = 0) or (b.3 = 'sequential' and b.5 > 0)
),

-- Each item of the kind counts in its section (sub 0) and, when it has one, in its
-- subsection; with how many items its level has (a window over the course's few items).
item_levels as (
    select item_key, section, sub, toUInt64(count() over (partition by section, sub)) as items
    from (
        select b.1 as item_key, b.4 as section, arrayJoin(arrayDistinct([0, b.5])) as sub
        from (select arrayJoin(blocks) as b)
        where multiIf(
            {kind:String} = 'pages', b.3 = 'vertical' and b.6 > 0,
            {kind:String} = 'videos', b.3 = 'video',
            b.3 = 'problem'
        )
    )
),

-- Every item × level, with the learners who engaged with the item (`hit` 1), or one row
-- without (`hit` 0: a level nobody engaged with still has its items counted).
learner_items as (
    select
        item_levels.section as section, item_levels.sub as sub, item_levels.items as items,
        hits.actor_id as actor_id, hits.hit as hit
    from (select actor_id, item_key, 1 as hit from engaged) as hits
    right join item_levels on hits.item_key = item_levels.item_key
),

-- Per level and learner, how many of its items they engaged with.
learner_levels as (
    -- (aliases unlike the columns: an alias shadows the column of the same name)
    select section, sub, any(items) as level_items, actor_id, countIf(hit = 1) as engaged_items
    from learner_items
    group by section, sub, actor_id
),

level_learners as (
    select section, sub, any(level_items) as items,
        toUInt64(countIf(engaged_items > 0)) as at_least_one,
        toUInt64(countIf(engaged_items = level_items)) as all_items,
        toUInt64(countIf(engaged_items > 0 and actor_id in (select arrayJoin(current_ids))))
            as current_engaged
    from learner_levels
    group by section, sub
),

final as (
    select
        levels.level as level, levels.block_id as block_id, levels.name as name,
        if(levels.level = 'section', levels.section, levels.sub) as position,
        levels.section as section_position,
        toUInt64(level_learners.items) as items,
        toUInt64(level_learners.at_least_one) as at_least_one,
        toUInt64(level_learners.all_items) as all_items,
        length(current_ids) - level_learners.current_engaged as none_yet,
        levels.sub as sub, levels.course_order as course_order
    from levels
    left join level_learners
        on levels.section = level_learners.section and levels.sub = level_learners.sub
)

select level, block_id, name, position, section_position, items, at_least_one, all_items,
    none_yet, sub, course_order
from final
