-- Grain: one row per watched segment of one learner, per video, in time order.
-- METRICS.md "Video", segments: the learner's video statements in (timestamp, stored, statement
-- id) order, whatever requests they arrived in; a `played` at position `time` opens a segment;
-- the next statement closes it when it is a `paused`, `seeked` (at time-from), `terminated` or
-- `completed` (without a position: at the video length); a segment still open at the next
-- `played` is dropped, as are zero and negative spans.
with video_statements as (
    select
        block_key, verb_id, video_time, video_time_from, video_length, emission_time, stored,
        toString(event_id) as statement_id
    from statements
    where course_key = {course_key:String}
        and actor_id = {actor_id:String}
        and block_type = 'video'
        and verb_id in (
            'https://w3id.org/xapi/video/verbs/played',
            'https://w3id.org/xapi/video/verbs/paused',
            'https://w3id.org/xapi/video/verbs/seeked',
            'http://adlnet.gov/expapi/verbs/terminated',
            'http://adlnet.gov/expapi/verbs/completed'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
),

steps as (
    select
        block_key, emission_time,
        verb_id = 'https://w3id.org/xapi/video/verbs/played' as is_play,
        lagInFrame(tuple(verb_id, video_time)) over watch as previous,
        multiIf(
            verb_id = 'https://w3id.org/xapi/video/verbs/seeked', video_time_from,
            verb_id = 'http://adlnet.gov/expapi/verbs/completed',
            coalesce(video_time, video_length),
            video_time
        ) as closed_at,
        max(video_length) over (partition by block_key) as length
    from video_statements
    window watch as (
        partition by block_key order by emission_time, stored, statement_id
        rows between 1 preceding and current row
    )
),

final as (
    select
        block_key, length, assumeNotNull(previous.2) as segment_from,
        assumeNotNull(closed_at) as segment_to, emission_time
    from steps
    where not is_play
        and previous.1 = 'https://w3id.org/xapi/video/verbs/played'
        and previous.2 is not null and closed_at is not null
        and closed_at > previous.2 and closed_at > 0
)

select * from final
order by block_key, emission_time
