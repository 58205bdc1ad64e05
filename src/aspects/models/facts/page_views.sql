-- Grain: one row per course × unit × learner × 15-minute bucket (learner_page_views, schema
-- 0008) of the scope: the courses {scope_courses}, every learner of them ({scope_all:Bool}: a
-- rebuild, a structure change) or the (course, learner) {scope_pairs} a committed batch
-- touched (their learners {scope_actors} too, which the engine can filter on early);
-- inserted with `derived` = now (the latest row wins).
-- METRICS.md "Page viewed": a statement credits a unit when it is a navigation on a
-- subsection (the units at its starting and ending positions; ingest already turned "next
-- unit" / "previous unit" into start ± 1), a navigation to …/jump_to/<subsection> (its first
-- unit), a navigation on a unit (jump_to or not), or a visit statement on a video or problem
-- placed in the unit (the `visits` view). Rules other than the unit navigation read the
-- course's latest structure, so a structure change re-derives the course.
-- A key the scope had before and no longer has (its statements voided, its unit moved) gets
-- a row with `views` 0: no older row is left standing.
insert into learner_page_views (course_key, unit_key, actor_id, bucket, first_at, views, derived)
with
navigations as (
    select course_key, actor_id, block_key, block_type, object_id, nav_start, nav_end,
        emission_time
    from statements
    where verb_id = 'https://w3id.org/xapi/dod-isd/verbs/navigated'
        and block_type in ('sequential', 'vertical')
        and course_key != '' and actor_id != ''
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
),

subsections as (
    select course_key, location as subsection_key, section, subsection
    from latest_course_blocks
    where block_type = 'sequential' and section > 0 and subsection > 0
),

-- Starting and ending positions (ingest already turned "next unit" / "previous unit" into
-- start ± 1), plus 0 standing for "the first unit" on a jump_to to the subsection.
subsection_targets as (
    select course_key, actor_id, block_key, emission_time,
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
        t.emission_time as emission_time
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
        t.emission_time as emission_time
    from subsection_targets as t
    inner join subsections as s
        on t.course_key = s.course_key and t.block_key = s.subsection_key
    inner join first_units as f
        on s.course_key = f.course_key and s.section = f.section
            and s.subsection = f.subsection
    where t.target = 0
),

by_unit as (
    select course_key, actor_id, block_key as unit_key, emission_time
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
        v.emission_time as emission_time
    from visits as v
    inner join placed_blocks as b
        on v.course_key = b.course_key and v.block_key = b.block_key
    inner join course_units as u
        on b.course_key = u.course_key and b.section = u.section
            and b.subsection = u.subsection and b.unit = u.unit
    where v.kind in ('video', 'problem')
        and v.course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (v.actor_id in {scope_actors:Array(String)}
            and (v.course_key, v.actor_id) in {scope_pairs:Array(Tuple(String, String))}))
),

-- Each branch gives at most one row per statement and unit (arrayDistinct folds start = end;
-- a statement names one block, in one unit).
credited as (
    select * from by_subsection
    union all select * from by_jump_to
    union all select * from by_unit
    union all select * from by_content
),

fresh as (
    select course_key, unit_key, actor_id, toStartOfFifteenMinutes(emission_time) as bucket,
        min(emission_time) as first_at, toUInt32(count()) as views
    from credited
    group by course_key, unit_key, actor_id, bucket
),

previous as (
    -- `left_views`, not `views`: an alias would shadow the column in the filter below.
    select course_key, unit_key, actor_id, bucket, first_at, toUInt32(0) as left_views
    from learner_page_views final
    where views > 0
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
)

select course_key, unit_key, actor_id, bucket, minIf(first_at, views > 0), sum(views), now64(6)
from (select * from fresh union all select * from previous)
group by course_key, unit_key, actor_id, bucket
