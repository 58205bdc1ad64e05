-- Grain: one row per video with statements of the learners asked for, by as_of (the course
-- outline's other videos, and the order, are laid out by aspects.reports.video).
-- METRICS.md "Video", "Watchers per video": viewers = learners with ≥1 watched second (the
-- segments of the video_segments view, models/views); full = viewers who watched ≥ 95 % of the
-- video's distinct seconds (over any number of sessions), partial = the others; a learner's
-- views = their coverage of the video's most-watched second (for them), total_views = the sum.
-- The video's seconds are 0 … ceil(length) − 1 (length: the longest any statement reports),
-- or up to the last watched second when no length is known. Segments count when their
-- `played` falls in the local period [from, to) and they were closed by as_of.
with
lengths as (
    select block_key as video_id, max(video_length) as length
    from statements
    where course_key = {course_key:String}
        and block_type = 'video'
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
    group by video_id
),

segments as (
    select actor_id, video_key as video_id, segment_start as a, segment_end as b
    from video_segments
    where course_key = {course_key:String}
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
        and toDate(opened_at, {tz:String}) >= {from:Date}
        and toDate(opened_at, {tz:String}) < {to:Date}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

-- Per learner × video, a sweep over the segments' second ranges [floor(a), ceil(b)) instead
-- of one row per second: +1 where a range starts, −1 where it ends (ends first at equal
-- positions, as a range ending at p does not cover second p). The running sum is the coverage
-- of the seconds up to the next position: its maximum is the learner's views; the lengths of
-- the stretches with coverage > 0, cut at the video's last second, are their distinct seconds.
learner_ranges as (
    select
        video_id, actor_id,
        groupArray(toInt64(greatest(floor(a), 0))) as starts,
        groupArray(toInt64(ceil(b))) as ends
    from segments
    group by video_id, actor_id
),

-- The last watched second of the video over all learners: its extent when no length is known
-- (a window, so the segments are read once).
spans as (
    select video_id, actor_id, starts, ends,
        max(arrayMax(ends)) over (partition by video_id) as span
    from learner_ranges
),

-- One row per video × viewer, or one row with no viewer (a video nobody watched).
sweeps as (
    select
        lengths.video_id as video_id, length, spans.actor_id as actor_id,
        -- (no span only for a video without viewers, whose sweep is empty)
        if(length > 0, toInt64(ceil(assumeNotNull(length))), ifNull(spans.span, 0)) as cut,
        arraySort(arrayConcat(
            arrayMap(p -> tuple(p, 1), spans.starts),
            arrayMap(p -> tuple(p, -1), spans.ends)
        )) as events,
        arrayMap(e -> e.1, events) as positions,
        arrayCumSum(arrayMap(e -> e.2, events)) as running
    from lengths
    left join spans on spans.video_id = lengths.video_id
),

learner_videos as (
    select
        video_id, length, actor_id, toUInt64(arrayMax(running)) as views,
        arraySum(arrayMap(
            i -> if(
                running[i] > 0,
                greatest(least(positions[i + 1], cut) - least(positions[i], cut), 0),
                0
            ),
            range(1, length(positions))
        )) as seconds,
        cut as video_seconds
    from sweeps
),

final as (
    select
        video_id, any(length) as length,
        toUInt64(countIf(actor_id is not null)) as viewers,
        toUInt64(countIf(actor_id is not null and seconds * 100 >= video_seconds * 95)) as full,
        toUInt64(sumIf(views, actor_id is not null)) as total_views
    from learner_videos
    group by video_id
)

select video_id, length, viewers, full, total_views
from final
settings join_use_nulls = 1
