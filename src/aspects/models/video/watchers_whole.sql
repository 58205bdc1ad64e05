-- Grain and METRICS.md rules: as models/video/watchers.sql, over the course's whole history as
-- of now: chosen (aspects.reports.run) when the period starts at the beginning, ends after
-- as_of, and no statement of the course is later than as_of or without a learner, so every
-- segment counts and every length is one a learner's statement reports. Reads the summaries
-- of learner_video_segments (models/facts/video_segments.sql) instead of sweeping segments.
-- Grain: one row per video with segments of the learners asked for (the course outline's
-- other videos are laid out by aspects.reports.video). Most learners' rows are read as
-- their summary; only those with a segment ending at the length or going past the cut
-- are swept again.
with
-- The length a segment closed by a `completed` without a position ends at, per video.
{{video/ends_at_length}} as longest,

-- Per video, over the learners asked for: its length (the longest their statements report) and
-- the second the watched part is cut at: the length's, else the last second any of them
-- watched (a segment ending at the length reaches its ceiling).
video_cuts as (
    select
        video_key, max(reported_length) as length,
        greatest(max(last_end), maxIf(
            toInt64(ceil(longest[video_key])),
            notEmpty(open_starts) and mapContains(longest, video_key) and longest[video_key] > 0
                and arrayExists(s -> longest[video_key] > s, open_starts)
        )) as span,
        if(length > 0, toInt64(ceil(assumeNotNull(length))), span) as cut
    from learner_video_segments final
    where course_key = {course_key:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    group by video_key
),

-- The same per video as arrays, read as a scalar: (videos, cuts).
(select (groupArray(video_key), groupArray(cut)) from video_cuts) as cuts,

-- Most learners: every segment has a position and none goes past the cut, so their summary is
-- their sweep's and their watched seconds are its covered seconds (> 0: a viewer).
plain as (
    select
        video_key as video_id, transform(video_key, cuts.1, cuts.2, toInt64(0)) as video_seconds,
        reported_length, toUInt64(peak) as views, seconds > 0 as viewer, seconds
    from learner_video_segments final
    where course_key = {course_key:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
        and empty(open_starts) and last_end <= video_seconds
),

-- The others: their row with the segments ending at the length that the view keeps (a
-- positive span).
others as (
    select
        video_key as video_id, transform(video_key, cuts.1, cuts.2, toInt64(0)) as video_seconds,
        reported_length, peak, covered, sweep, last_end,
        if(mapContains(longest, video_key), longest[video_key], -1.0) as ends_at,
        arrayFilter(s -> ends_at > s and ends_at > 0, open_starts) as opens
    from learner_video_segments final
    where course_key = {course_key:String}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
        and (notEmpty(open_starts) or last_end > video_seconds)
),

-- With segments ending at the length: the sweep of their positioned segments and those (as
-- models/video/watchers.sql sweeps); without, their summary is their sweep's.
other_events as (
    select
        *,
        if(empty(opens), [], arraySort(arrayConcat(
            sweep,
            arrayMap(s -> tuple(toInt64(greatest(floor(s), 0)), toInt8(1)), opens),
            arrayMap(s -> tuple(toInt64(ceil(ends_at)), toInt8(-1)), opens)
        ))) as events
    from others
),

other_running as (
    select *, arrayCumSum(arrayMap(e -> toInt64(e.2), events)) as running
    from other_events
),

other_stretches as (
    select
        video_id, video_seconds, reported_length,
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
    from other_running
),

-- Their watched seconds: the stretches' total, cut at the video's.
learner_videos as (
    select video_id, video_seconds, reported_length, views, viewer, seconds from plain
    union all
    select
        video_id, video_seconds, reported_length, views, notEmpty(stretches) as viewer,
        arraySum(arrayMap(
            r -> greatest(least(r.2, video_seconds) - least(r.1, video_seconds), 0), stretches
        )) as seconds
    from other_stretches
)

select
    video_id, max(reported_length) as length,
    toUInt64(countIf(viewer)) as viewers,
    toUInt64(countIf(viewer and seconds * 100 >= video_seconds * 95)) as full,
    toUInt64(sumIf(views, viewer)) as total_views
from learner_videos
group by video_id
