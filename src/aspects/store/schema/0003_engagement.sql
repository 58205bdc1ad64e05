-- Engagement building blocks (METRICS.md "Engagement", issue 4), read by the engagement,
-- video and problem reports and by learner groups. Plain views over `statements` (voided
-- statements already left out) and `latest_course_blocks`: nothing is stored, so every
-- number is computed over all of a learner's statements whatever requests they arrived in.
-- Callers filter by course_key / actor_id / emission_time; ClickHouse pushes those filters
-- into the views.

-- visits: one row per statement that counts as a visit (METRICS.md "Engagement": navigation,
-- video, problem or forum statements; enrollment and grading statements are not visits).
-- Columns:
--   course_key, actor_id     the course and the learner
--   kind                     'navigation' | 'video' | 'problem' | 'forum'
--   verb_id, block_key, block_type, object_id, object_type   as in `statements`
--   emission_time, stored, event_id                          the statement's time and id
-- Not visits: LMS-computed statements, i.e. `progressed` (completion), `earned` (grades) and
-- the server's `attempted` on a `question` object (edx.grades.problem.submitted).
create view if not exists visits as
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
    );

-- course_units: one row per unit (vertical) of each course's latest published structure,
-- with its section / subsection / unit positions (1-based; detached units left out).
create view if not exists course_units as
select course_key, location as unit_key, section, subsection, unit
from latest_course_blocks
where block_type = 'vertical' and section > 0 and subsection > 0 and unit > 0;

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
create view if not exists page_views as
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
    where block_type in ('video', 'problem') and section > 0 and subsection > 0 and unit > 0
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
);

-- video_segments: one row per learner × video × watched segment (METRICS.md "Video",
-- "Segments"). Per learner and video, statements in (timestamp, stored, statement id) order,
-- whatever requests they arrived in; a `played` at position `time` opens a segment; the first
-- `paused`, `seeked` (at time-from), `terminated` or `completed` after it closes it (a
-- `completed` without a position closes at the video length: that statement's, else the
-- longest any statement of the video reports); a segment still open at the next `played` (or
-- at the end) is dropped, as are zero and negative spans.
-- Columns:
--   course_key, actor_id, video_key   the course, the learner, the video's usage key
--   segment_start, segment_end        positions in seconds (segment_end > segment_start,
--                                     segment_end > 0); it covers the integer seconds
--                                     floor(segment_start) … ceil(segment_end) − 1
--   opened_at, closed_at              emission times of the opening and the closing statement
-- "As of" a time T: keep closed_at <= T (a segment whose close came later was still open at T,
-- and the pairing of earlier statements never depends on later ones).
-- Paired with arrays, not window functions (half the time on a 795k-statement course): per
-- learner × video the statements are gathered, sorted, and each `played` is paired with the
-- statement right after it, which closes it unless it is another `played`.
create view if not exists video_segments as
with
video_statements as (
    select
        course_key, actor_id, block_key as video_key,
        groupArray(tuple(
            emission_time, stored, toString(event_id),
            verb_id = 'https://w3id.org/xapi/video/verbs/played',
            verb_id = 'http://adlnet.gov/expapi/verbs/completed',
            video_time,
            multiIf(
                verb_id = 'https://w3id.org/xapi/video/verbs/seeked', video_time_from,
                verb_id = 'http://adlnet.gov/expapi/verbs/completed',
                coalesce(video_time, video_length),
                video_time
            )
        )) as unsorted,
        max(video_length) as learner_longest
    from statements
    where block_type = 'video'
        and course_key != '' and actor_id != ''
        and verb_id in (
            'https://w3id.org/xapi/video/verbs/played',
            'https://w3id.org/xapi/video/verbs/paused',
            'https://w3id.org/xapi/video/verbs/seeked',
            'http://adlnet.gov/expapi/verbs/terminated',
            'http://adlnet.gov/expapi/verbs/completed'
        )
    group by course_key, actor_id, video_key
),

ordered as (
    select
        course_key, actor_id, video_key,
        arraySort(s -> (s.1, s.2, s.3), unsorted) as events,
        max(learner_longest) over (partition by course_key, video_key) as longest
    from video_statements
),

paired as (
    select
        course_key, actor_id, video_key,
        events[i].6 as segment_from,
        if(events[i + 1].5, coalesce(events[i + 1].7, longest), events[i + 1].7) as segment_to,
        events[i].1 as opened_at,
        events[i + 1].1 as closed_at
    from ordered
    array join arrayFilter(
        i -> events[i].4 and i < length(events) and not events[i + 1].4,
        arrayEnumerate(events)
    ) as i
)

select
    course_key, actor_id, video_key,
    assumeNotNull(segment_from) as segment_start, assumeNotNull(segment_to) as segment_end,
    opened_at, closed_at
from paired
where segment_from is not null and segment_to is not null
    and segment_to > segment_from and segment_to > 0;
