-- page_views: one row per learner × unit (page) viewed × statement (METRICS.md "Page viewed").
-- Columns:
--   course_key, actor_id             the course and the learner
--   unit_key                         the unit's usage key (block-v1:…+type@vertical+block@…)
--   via                              the rule that credits it: 'subsection' (navigated on a
--                                    sequential: the units at its starting and ending
--                                    positions), 'jump_to' (navigated to …/jump_to/<subsection>:
--                                    its first unit), 'unit' (navigated on a unit, jump_to or
--                                    not), 'video' / 'problem' (a visit statement on a block
--                                    placed in the unit)
--   emission_time, stored, event_id  the crediting statement
-- A statement crediting the same unit twice (start = end) gives one row. Rules 'subsection',
-- 'jump_to', 'video' and 'problem' need the course structure; 'unit' does not (the unit key
-- is in the statement), so a course without structure still has its unit navigations.
with
navigations as (
    select course_key, actor_id, block_key, block_type, object_id, nav_start, nav_end,
        emission_time, stored, event_id
    from statements
    where verb_id = 'https://w3id.org/xapi/dod-isd/verbs/navigated'
        and block_type in ('sequential', 'vertical')
        and course_key != '' and actor_id != ''
),

subsections as (
    select course_key, location as subsection_key, section, subsection
    from latest_course_blocks
    where block_type = 'sequential' and section > 0 and subsection > 0
),

-- Starting and ending positions (ingest already turned "next unit" / "previous unit" into
-- start ± 1), plus 0 standing for "the first unit" on a jump_to to the subsection.
subsection_targets as (
    select course_key, actor_id, block_key, emission_time, stored, event_id,
        arrayJoin(arrayDistinct(arrayConcat(
            if(nav_start is null, [], [assumeNotNull(nav_start)]),
            if(nav_end is null, [], [assumeNotNull(nav_end)]),
            if(position(object_id, '/jump_to/') > 0, [toInt32(0)], [])
        ))) as target
    from navigations
    where block_type = 'sequential'
),

first_units as (
    select course_key, section, subsection, argMin(unit_key, unit) as unit_key
    from course_units
    group by course_key, section, subsection
),

by_subsection as (
    select t.course_key as course_key, t.actor_id as actor_id, u.unit_key as unit_key,
        'subsection' as via, t.emission_time as emission_time, t.stored as stored,
        t.event_id as event_id
    from subsection_targets as t
    inner join subsections as s
        on t.course_key = s.course_key and t.block_key = s.subsection_key
    inner join course_units as u
        on s.course_key = u.course_key and s.section = u.section
            and s.subsection = u.subsection and t.target = u.unit
    where t.target > 0
),

by_jump_to as (
    select t.course_key as course_key, t.actor_id as actor_id, f.unit_key as unit_key,
        'jump_to' as via, t.emission_time as emission_time, t.stored as stored,
        t.event_id as event_id
    from subsection_targets as t
    inner join subsections as s
        on t.course_key = s.course_key and t.block_key = s.subsection_key
    inner join first_units as f
        on s.course_key = f.course_key and s.section = f.section
            and s.subsection = f.subsection
    where t.target = 0
),

by_unit as (
    select course_key, actor_id, block_key as unit_key, 'unit' as via, emission_time, stored,
        event_id
    from navigations
    where block_type = 'vertical'
),

placed_blocks as (
    select course_key, location as block_key, section, subsection, unit
    from latest_course_blocks
    where block_type in ('video', 'problem') and section > 0 and unit > 0
),

by_content as (
    select v.course_key as course_key, v.actor_id as actor_id, u.unit_key as unit_key,
        v.kind as via, v.emission_time as emission_time, v.stored as stored,
        v.event_id as event_id
    from visits as v
    inner join placed_blocks as b
        on v.course_key = b.course_key and v.block_key = b.block_key
    inner join course_units as u
        on b.course_key = u.course_key and b.section = u.section
            and b.subsection = u.subsection and b.unit = u.unit
    where v.kind in ('video', 'problem')
)

-- No distinct: each branch gives at most one row per statement and unit (arrayDistinct folds
-- start = end; a statement names one block, in one unit) and the branches differ in `via`.
select course_key, actor_id, unit_key, via, emission_time, stored, event_id
from (
    select * from by_subsection
    union all select * from by_jump_to
    union all select * from by_unit
    union all select * from by_content
)
