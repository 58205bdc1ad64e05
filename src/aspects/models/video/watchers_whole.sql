-- Grain and METRICS.md rules: as models/video/watchers.sql, over the course's whole history as
-- of now: chosen (aspects.reports.run) when the period starts at the beginning, ends after
-- as_of, and no statement of the course is later than as_of or without a learner, so every
-- segment counts and every length is one a learner's statement reports. Reads the summaries
-- of learner_video_segments (models/facts/video_segments.sql) instead of sweeping segments.
with
placed as (
    select location as video_id, display_name as name, section, subsection, `order`
    from latest_course_blocks
    where course_key = {course_key:String} and block_type = 'video' and section > 0
        and not detached
),

-- The length a segment closed by a `completed` without a position ends at, per video.
{{video/ends_at_length}} as longest,

-- Per video, over the learners asked for: its length (the longest their statements report) and
-- the second the watched part is cut at: the length's, else the last second any of them
-- watched.
video_cuts as (
    select
        video_key, max(reported_length) as length,
        max(greatest(
            last_end,
            if(
                mapContains(longest, video_key)
                    and arrayExists(s -> longest[video_key] > s, open_starts)
                    and longest[video_key] > 0,
                toInt64(ceil(longest[video_key])),
                0
            )
        )) as span,
        if(length > 0, toInt64(ceil(assumeNotNull(length))), span) as cut
    from learner_video_segments final
    where course_key = {course_key:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    group by video_key
),

-- Each learner's row with their video's length and cut; the segments ending at the length
-- that the view keeps (a positive span). Each step below is a CTE of its own so that the
-- next reads its results as columns: an alias used in several expressions of one SELECT is
-- expanded into each of them when the query is planned (measured: 74 ms of planning).
learner_rows as (
    select
        facts.video_key as video_id, video_cuts.length as length, video_cuts.cut as video_seconds,
        peak, covered, sweep, facts.seconds as covered_seconds, facts.last_end as last_end,
        if(mapContains(longest, facts.video_key), longest[facts.video_key], -1.0) as ends_at,
        arrayFilter(s -> ends_at > s and ends_at > 0, open_starts) as opens
    from learner_video_segments as facts final
    inner join video_cuts on facts.video_key = video_cuts.video_key
    where facts.course_key = {course_key:String}
        and ({all_learners:Bool} or facts.actor_id in {learners:Array(String)})
),

-- With segments ending at the length: the sweep of their positioned segments and those (as
-- models/video/watchers.sql sweeps); without, their summary is their sweep's.
learner_events as (
    select
        *,
        if(empty(opens), [], arraySort(arrayConcat(
            sweep,
            arrayMap(s -> tuple(toInt64(greatest(floor(s), 0)), toInt8(1)), opens),
            arrayMap(s -> tuple(toInt64(ceil(ends_at)), toInt8(-1)), opens)
        ))) as events
    from learner_rows
),

learner_running as (
    select *, arrayCumSum(arrayMap(e -> toInt64(e.2), events)) as running
    from learner_events
),

learner_stretches as (
    select
        *,
        if(empty(opens), toUInt64(peak), toUInt64(arrayMax(running))) as views,
        if(
            empty(opens),
            covered,
            arrayFilter(
                r -> r.2 > r.1,
                arrayMap(
                    i -> tuple(events[i].1, events[i + 1].1),
                    arrayFilter(i -> running[i] > 0 and i < length(events), arrayEnumerate(events))
                )
            )
        ) as stretches
    from learner_running
),

-- Their watched seconds: the stretches' total, unless some go past the cut.
learner_videos as (
    select
        video_id, length, video_seconds, views, stretches,
        if(
            empty(opens) and last_end <= video_seconds,
            covered_seconds,
            arraySum(arrayMap(
                r -> greatest(least(r.2, video_seconds) - least(r.1, video_seconds), 0),
                stretches
            ))
        ) as seconds
    from learner_stretches
),

watched as (
    select
        video_id, any(length) as length,
        toUInt64(countIf(notEmpty(stretches))) as viewers,
        toUInt64(countIf(notEmpty(stretches) and seconds * 100 >= video_seconds * 95)) as full,
        toUInt64(sumIf(views, notEmpty(stretches))) as total_views
    from learner_videos
    group by video_id
),

-- Every video: those of the structure and those with statements of the learners asked for.
final as (
    select
        coalesce(placed.video_id, watched.video_id) as video_id, placed.name as name,
        placed.section as section_position,
        nullIf(placed.subsection, 0) as subsection_position,
        watched.length as length,
        ifNull(watched.viewers, 0) as viewers, ifNull(watched.full, 0) as full,
        viewers - full as partial, ifNull(watched.total_views, 0) as total_views,
        placed.video_id is null as unplaced, placed.`order` as course_order
    from placed
    full outer join watched on placed.video_id = watched.video_id
)

select video_id, name, section_position, subsection_position, length, viewers, full, partial,
    total_views
from final
order by unplaced, course_order, video_id
settings join_use_nulls = 1
