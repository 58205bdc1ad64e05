-- The engagement funnel's counts (METRICS.md "Engagement", per section and per subsection), a
-- subquery of models/engagement/funnel.sql and the *_whole.sql models, which define what it
-- reads:
--   engaged   (actor_id, item_key): a learner and an item they engaged with (viewed, watched,
--             attempted) in the period, duplicates allowed
--   current   (actor_id): the current enrollees
-- and the course outline's items of the kind, bound by aspects.reports.engagement:
-- {item_keys} with {item_ids} 1…n, {item_levels} the levels (1…{levels}) each item counts in,
-- {level_items} how many items each level has.
-- Grain: one row, each column an array with one element per level: learners who engaged with
-- at least one / every item of it, current enrollees among the first, and the current
-- enrollees' count. Each learner's items are counted per level on their own row (arrays), so
-- nothing is grouped by learner × level.
select
    sumForEach(arrayMap(n -> toUInt64(n > 0), per_level)) as at_least_one,
    sumForEach(arrayMap((n, items) -> toUInt64(n = items), per_level,
        {level_items:Array(UInt64)})) as all_items,
    sumForEach(arrayMap(n -> toUInt64(n > 0 and is_current), per_level)) as current_engaged,
    (select count() from current) as current_count
from (
    select
        actor_id in current as is_current,
        arrayMap(level -> toUInt64(countEqual(levels, level)), range(1, {levels:UInt32} + 1))
            as per_level
    from (
        -- each learner's distinct items, and the levels they count in
        select actor_id,
            arrayFlatten(arrayMap(item -> {item_levels:Array(Array(UInt32))}[item],
                groupUniqArray(item))) as levels
        from (
            select actor_id,
                transform(item_key, {item_keys:Array(String)}, {item_ids:Array(UInt32)}, 0)
                    as item
            from engaged
        )
        where item > 0
        group by actor_id
    )
)
