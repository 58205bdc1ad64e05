-- The views per bucket of one video (METRICS.md "Views per section of a video"), a subquery of
-- models/video/segments.sql and segments_whole.sql, which define what it reads:
--   segments       one row per segment of a learner asked for: actor_id, a, b (seconds)
--   video_length   the video's length (null when no statement reports one), a scalar
-- Each learner's segments are swept over their second ranges [floor(a), ceil(b)) as in
-- models/video/watchers.sql: the stretches of seconds with one coverage c. A stretch touches
-- the buckets of its first to its last second. The buckets strictly between those two are
-- covered by this stretch only (the learner's other stretches hold other seconds), so their
-- c is added as a difference (`inner` rows: +c where they start, −c after): the rows grow with
-- the stretches, not with the buckets they span. Its first and last buckets may be shared with
-- the learner's other stretches: per learner and bucket the highest c counts (`edge` rows).
-- Grain: one row per kind × bucket with a change (`inner`: differences to sum up to the
-- bucket; `edge`: totals), each with `reach` (the last watched second + 1 of any learner);
-- and one `length` row with the video's length and the 20 equal parts' bounds for that
-- length. aspects.reports.video lays out every bucket.
with
sweeps as (
    select
        -- (a number per learner: rows below are grouped by it, not by the id's text)
        rowNumberInAllBlocks() as learner,
        arraySort(arrayConcat(
            arrayMap(p -> tuple(p, 1), groupArray(toInt64(greatest(floor(a), 0)))),
            arrayMap(p -> tuple(p, -1), groupArray(toInt64(ceil(b))))
        )) as events,
        arrayMap(e -> e.1, events) as positions,
        arrayCumSum(arrayMap(e -> e.2, events)) as running
    from segments
    group by actor_id
),

stretches as (
    select learner, positions[i] as first_second, positions[i + 1] - 1 as last_second,
        toInt64(running[i]) as c
    from sweeps
    array join arrayFilter(
        i -> running[i] > 0 and positions[i + 1] > positions[i],
        range(1, length(positions))
    ) as i
),

-- The video's extent: to its length, or to the last watched second when that is later.
reached as (
    select *, toUInt64(max(last_second + 1) over ()) as reach
    from stretches
),

extent as (
    select
        *,
        greatest(toUInt64(ceil(coalesce(video_length, 0))), reach) as span,
        if(video_length > 0, assumeNotNull(video_length), toFloat64(span)) as part_length
    from reached
),

bucketed as (
    select
        learner, c, reach,
        toUInt64(if(
            {parts:UInt32} > 0,
            least(
                toUInt64(floor(first_second * {parts:UInt32} / part_length)),
                toUInt64({parts:UInt32} - 1)
            ),
            intDiv(first_second, {bucket_size:UInt32})
        )) as first_bucket,
        toUInt64(if(
            {parts:UInt32} > 0,
            least(
                toUInt64(floor(last_second * {parts:UInt32} / part_length)),
                toUInt64({parts:UInt32} - 1)
            ),
            intDiv(last_second, {bucket_size:UInt32})
        )) as last_bucket
    from extent
),

edges as (
    select bucket, any(reach) as reach, sum(highest) as views, toInt64(count()) as learners,
        sum(highest - 1) as repeat_views
    from (
        select learner, bucket, any(reach) as reach, max(c) as highest
        from bucketed
        array join arrayDistinct([first_bucket, last_bucket]) as bucket
        group by learner, bucket
    )
    group by bucket
),

inner_changes as (
    select change.1 as bucket, any(reach) as reach, sum(change.2) as views,
        sum(change.3) as learners, sum(change.4) as repeat_views
    from bucketed
    array join [
        (first_bucket + 1, c, toInt64(1), c - 1),
        (last_bucket, -c, toInt64(-1), 1 - c)
    ] as change
    where last_bucket > first_bucket + 1
    group by bucket
)

select 'edge' as kind, bucket, reach, views, learners, repeat_views, video_length as length,
    [] as bounds
from edges
union all
select 'inner', bucket, reach, views, learners, repeat_views, video_length, []
from inner_changes
union all
select 'length', 0, 0, 0, 0, 0, video_length,
    if(
        {parts:UInt32} > 0 and video_length > 0,
        arrayMap(
            k -> round(k * assumeNotNull(video_length) / {parts:UInt32}, 3),
            range({parts:UInt32} + 1)
        ),
        []
    )
