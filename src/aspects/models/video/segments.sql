-- Grain: one row per bucket of one video (5 s, 1 s, or one of 20 equal parts), in order,
-- empty buckets included, over the seconds from 0 to the video's length (or to the last
-- watched second when that is later).
-- METRICS.md "Video": per learner, the video's statements in (timestamp, stored, statement id)
-- order, whatever requests they arrived in; a `played` at position `time` opens a segment; the
-- first `paused`, `seeked` (at time-from), `terminated` or `completed` after it closes it (a
-- `completed` without a position closes at the video length); a segment still open at the next
-- `played` (or at the end) is dropped, as are zero and negative spans. A segment a..b covers
-- seconds floor(a) .. ceil(b) - 1; a learner's coverage of a second is how many of their
-- segments cover it. Per bucket, with c = a learner's highest coverage of a second in it:
-- views = sum of c, learners = learners with c >= 1, repeat_views = sum of max(c - 1, 0).
with video_statements as (
    select video_length
    from statements
    where course_key = {course_key:String}
        and block_key = {video:String}
        and verb_id in (
            'https://w3id.org/xapi/video/verbs/played',
            'https://w3id.org/xapi/video/verbs/paused',
            'https://w3id.org/xapi/video/verbs/seeked',
            'http://adlnet.gov/expapi/verbs/terminated',
            'http://adlnet.gov/expapi/verbs/completed'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

video_info as (
    select max(video_length) as length
    from video_statements
),

-- The pairing itself is the video_segments view (models/views); a segment closed after as_of
-- was still open then, so it is left out.
segments as (
    select actor_id, segment_start as a, segment_end as b
    from video_segments
    where course_key = {course_key:String}
        and video_key = {video:String}
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

-- Per learner, a sweep over their segments' second ranges [floor(a), ceil(b)) (as in
-- watchers.sql): +1 where a range starts, -1 where it ends (ends first at equal positions).
-- Between two consecutive positions the running sum is the learner's coverage of each second,
-- so a stretch of seconds with one coverage is one row, not one row per second.
sweeps as (
    select
        actor_id,
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
    select actor_id, positions[i] as first_second, positions[i + 1] - 1 as last_second,
        toUInt64(running[i]) as c
    from sweeps
    array join arrayFilter(
        i -> running[i] > 0 and positions[i + 1] > positions[i],
        range(1, length(positions))
    ) as i
),

extent as (
    select
        (select length from video_info) as length,
        greatest(
            toUInt64(ceil(coalesce(length, 0))),
            (select toUInt64(if(count() = 0, 0, max(last_second) + 1)) from stretches)
        ) as span,
        if(length > 0, length, toFloat64(span)) as part_length,
        toUInt64(if(
            {parts:UInt32} > 0,
            if(span > 0, {parts:UInt32}, 0),
            intDiv(span + {bucket_size:UInt32} - 1, {bucket_size:UInt32})
        )) as buckets
),

-- The buckets a stretch touches: from its first second's to its last second's (the bucket of
-- a second only grows with the second).
learner_buckets as (
    select actor_id, bucket_index, max(c) as highest
    from (
        select
            stretches.actor_id as actor_id, stretches.c as c,
            toUInt64(if(
                {parts:UInt32} > 0,
                least(
                    toUInt64(floor(stretches.first_second * {parts:UInt32} / extent.part_length)),
                    toUInt64({parts:UInt32} - 1)
                ),
                intDiv(stretches.first_second, {bucket_size:UInt32})
            )) as first_bucket,
            toUInt64(if(
                {parts:UInt32} > 0,
                least(
                    toUInt64(floor(stretches.last_second * {parts:UInt32} / extent.part_length)),
                    toUInt64({parts:UInt32} - 1)
                ),
                intDiv(stretches.last_second, {bucket_size:UInt32})
            )) as last_bucket
        from stretches
        cross join extent
    )
    array join range(first_bucket, last_bucket + 1) as bucket_index
    group by actor_id, bucket_index
),

per_bucket as (
    select
        bucket_index, toUInt64(sum(highest)) as views, toUInt64(count()) as learners,
        toUInt64(sum(highest - 1)) as repeat_views
    from learner_buckets
    group by bucket_index
),

all_buckets as (
    select arrayJoin(range(buckets)) as bucket_index, span, part_length
    from extent
),

final as (
    select
        {video:String} as video_id,
        if(
            {parts:UInt32} > 0,
            round(bucket_index * part_length / {parts:UInt32}, 3),
            toFloat64(bucket_index * {bucket_size:UInt32})
        ) as segment_start,
        if(
            {parts:UInt32} > 0,
            round((bucket_index + 1) * part_length / {parts:UInt32}, 3),
            toFloat64(least((bucket_index + 1) * {bucket_size:UInt32}, span))
        ) as segment_end,
        per_bucket.views as views,
        per_bucket.learners as learners,
        per_bucket.repeat_views as repeat_views
    from all_buckets
    left join per_bucket using bucket_index
)

select * from final
order by segment_start
